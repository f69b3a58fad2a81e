using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Campaigns;

public sealed record CampaignSummary(Campaign Campaign, int Tasks, int TasksDone, int Labels);

public enum TaskState
{
    Pending,
    Labeled,
    Skipped,
}

public sealed record WorksetItem(long TaskId, ArtifactKey Artifact, string? PageTitle, string? Data, TaskState State, IReadOnlyDictionary<string, string>? Answers);

public sealed record WorksetView(Workset Workset, Campaign Campaign, IReadOnlyList<WorksetItem> Items)
{
    public int Labeled => Items.Count(i => i.State == TaskState.Labeled);

    /// <summary>Skipped tasks went back to others: handled, but not done.</summary>
    public int Skipped => Items.Count(i => i.State == TaskState.Skipped);
}

/// <summary>One of a user's worksets in a campaign, as the campaign page lists them (Wiki Labels listed each with its progress).</summary>
/// <param name="Number">Its place among the user's worksets in the campaign, the first being 1.</param>
public sealed record WorksetSummary(long Id, int Number, WorksetStatus Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int Tasks, int Labeled, int Skipped)
{
    /// <summary>Labels can be saved or changed until the workset expires, unless it was given back.</summary>
    public bool ChangeableAt(DateTimeOffset now) => Workset.TakesLabels(Status, ExpiresAt, now);
}

/// <summary>The newest of a user's worksets in a campaign, and how many they have there.</summary>
public sealed record WorksetList(IReadOnlyList<WorksetSummary> Newest, int Total);

public sealed record UserStats(RedactedUser User, int Labels, int Unsure, int Skips);

public sealed record DayStats(DateOnly Day, int Labels);

public sealed record QuestionAgreement(Schema Schema, AgreementLevel Level, int Units, double? PercentAgreement, double? CohensKappa, double? KrippendorffsAlpha);

public sealed record DisputedTask(long TaskId, ArtifactKey Artifact, int Labels, double Disagreement, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Votes);

public sealed record CampaignStats(int Tasks, int TasksDone, int Labels, int UnsureAnswers, int Skips, IReadOnlyList<UserStats> Users, IReadOnlyList<DayStats> Days,
    IReadOnlyList<QuestionAgreement> Agreement, IReadOnlyList<DisputedTask> MostDisputed);

public sealed class CampaignQueries(IDbContextFactory<JadeDbContext> contexts, SchemaCatalog schemas)
{
    /// <param name="wiki">Only this wiki's campaigns.</param>
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(string? wiki = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => wiki == null || c.Wiki == wiki).OrderBy(c => c.Wiki).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var result = new List<CampaignSummary>();
        foreach (var campaign in campaigns)
        {
            result.Add(await SummaryAsync(db, campaign, cancellationToken));
        }
        return result;
    }

    public async Task<CampaignSummary?> GetAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        return campaign is null ? null : await SummaryAsync(db, campaign, cancellationToken);
    }

    private static async Task<CampaignSummary> SummaryAsync(JadeDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        var tasks = await db.CampaignTasks.CountAsync(t => t.CampaignId == campaign.Id, cancellationToken);
        var labels = await db.CampaignLabels.CountAsync(l => l.CampaignId == campaign.Id, cancellationToken);
        // Each task counts its labels (LabelCount, in the index with the campaign): no need to group the labels.
        var done = await db.CampaignTasks.CountAsync(t => t.CampaignId == campaign.Id && t.LabelCount >= campaign.LabelsPerTask, cancellationToken);
        return new CampaignSummary(campaign, tasks, done, labels);
    }

    /// <summary>The user's open (not expired) workset in a campaign, if any.</summary>
    public async Task<long?> OpenWorksetAsync(long campaignId, long userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Worksets.Where(w => w.CampaignId == campaignId && w.UserId == userId && w.Status == WorksetStatus.Open && w.ExpiresAt > now)
            .Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The workset the labeling view shows: the user's open one in the campaign, else the last they finished while its
    /// labels can still be changed (until it expires), so that coming back later still reaches them.
    /// </summary>
    public async Task<long?> LabelingWorksetAsync(long campaignId, long userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (await OpenWorksetAsync(campaignId, userId, now, cancellationToken) is { } open)
        {
            return open;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Worksets.Where(w => w.CampaignId == campaignId && w.UserId == userId && w.Status == WorksetStatus.Completed && w.ExpiresAt > now)
            .OrderByDescending(w => w.Id).Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The user's worksets in a campaign, the newest first: at most <paramref name="limit"/>, and how many there are.
    /// Null when the campaign does not exist.
    /// </summary>
    public async Task<WorksetList?> WorksetsAsync(long campaignId, long userId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            return null;
        }
        var mine = db.Worksets.AsNoTracking().Where(w => w.CampaignId == campaignId && w.UserId == userId);
        var total = await mine.CountAsync(cancellationToken);
        var newest = await mine.OrderByDescending(w => w.Id).Take(limit).Select(w => new
        {
            Workset = w,
            Tasks = db.Assignments.Count(a => a.WorksetId == w.Id),
            Labeled = db.Assignments.Count(a => a.WorksetId == w.Id && a.LabeledAt != null),
            Skipped = db.Assignments.Count(a => a.WorksetId == w.Id && a.LabeledAt == null && a.SkippedAt != null),
        }).ToListAsync(cancellationToken);
        return new WorksetList(newest.Select((w, index) => new WorksetSummary(w.Workset.Id, total - index, w.Workset.Status, w.Workset.CreatedAt, w.Workset.ExpiresAt,
            w.Tasks, w.Labeled, w.Skipped)).ToList(), total);
    }

    public async Task<WorksetView?> WorksetAsync(long worksetId, long userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var workset = await db.Worksets.AsNoTracking().SingleOrDefaultAsync(w => w.Id == worksetId && w.UserId == userId, cancellationToken);
        if (workset is null)
        {
            return null;
        }
        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == workset.CampaignId, cancellationToken);
        var rows = await db.Assignments.AsNoTracking().Where(a => a.WorksetId == worksetId).OrderBy(a => a.Position)
            .Join(db.CampaignTasks, a => a.TaskId, t => t.Id, (a, t) => new { a, t })
            .Join(db.Artifacts, x => x.t.ArtifactId, artifact => artifact.Id, (x, artifact) => new { x.a, x.t, artifact })
            .ToListAsync(cancellationToken);
        var taskIds = rows.Select(r => r.t.Id).ToList();
        var labels = await db.CampaignLabels.AsNoTracking().Where(l => l.UserId == userId && taskIds.Contains(l.TaskId)).ToDictionaryAsync(l => l.TaskId, cancellationToken);
        // A labeler sees an uploaded editor name hidden here as hidden (whatever their rights: the judgment is about the edit).
        var hidden = await TaskDataNames.HiddenAmongAsync(db, rows.Select(r => r.t.Data), new HashSet<Permissions.Right>(), cancellationToken);
        return new WorksetView(workset, campaign, rows.Select(r => new WorksetItem(
            r.t.Id, r.artifact.Key, r.artifact.PageTitle, TaskDataNames.Redact(r.t.Data, hidden),
            r.a.LabeledAt is not null ? TaskState.Labeled : r.a.SkippedAt is not null ? TaskState.Skipped : TaskState.Pending,
            labels.TryGetValue(r.t.Id, out var label) ? JsonSerializer.Deserialize<Dictionary<string, string>>(label.Answers) : null)).ToList());
    }

    /// <summary>The statistics' key for the one row of every label and skip whose labeler this reader may not see.</summary>
    private const long HiddenRow = -1;

    private static readonly RedactedUser HiddenLabelers = new(null, null, true, FieldVisibility.Deleted);

    public async Task<CampaignStats?> StatsAsync(long campaignId, Actor viewer, int disputedCount = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
        {
            return null;
        }
        var facet = schemas.FindFacet(campaign.Facet)!;
        var labels = await db.CampaignLabels.AsNoTracking().Where(l => l.CampaignId == campaignId).OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).ToListAsync(cancellationToken);
        var answers = labels.Select(l => (Label: l, Answers: JsonSerializer.Deserialize<Dictionary<string, string>>(l.Answers)!)).ToList();
        var skips = await db.Assignments.Where(a => a.SkippedAt != null).Join(db.Worksets.Where(w => w.CampaignId == campaignId), a => a.WorksetId, w => w.Id, (a, _) => a.UserId).ToListAsync(cancellationToken);
        var tasks = await db.CampaignTasks.CountAsync(t => t.CampaignId == campaignId, cancellationToken);
        var names = await LabelerNames.LoadAsync(db, campaignId, viewer, skips, cancellationToken);

        // Grouped once, by the name this reader sees: a campaign of many labelers would otherwise read every label once per
        // labeler. Labels whose labeler's name is hidden from this reader (on that artifact, or the account) count in one
        // row for all of them, so that no row's counts tie a hidden label to a named labeler's other labels.
        var labelsBy = answers.GroupBy(a => names.On(a.Label.TaskId, a.Label.UserId).Id)
            .ToDictionary(g => g.Key ?? HiddenRow, g => (Labels: g.Count(), Unsure: g.Sum(a => a.Answers.Values.Count(v => v == Answers.Unsure))));
        var skipsBy = skips.CountBy(id => names.Of(id).Id ?? HiddenRow).ToDictionary();
        var perUser = labelsBy.Keys.Union(skipsBy.Keys).Select(id => new UserStats(
                id == HiddenRow ? HiddenLabelers : names.Of(id),
                labelsBy.GetValueOrDefault(id).Labels,
                labelsBy.GetValueOrDefault(id).Unsure,
                skipsBy.GetValueOrDefault(id)))
            .OrderByDescending(u => u.Labels).ToList();
        var perDay = answers.GroupBy(a => DateOnly.FromDateTime(a.Label.CreatedAt.UtcDateTime)).OrderBy(g => g.Key).Select(g => new DayStats(g.Key, g.Count())).ToList();
        var byTask = answers.GroupBy(a => a.Label.TaskId).ToList();

        var agreement = facet.Schemas.Select(schema =>
        {
            var level = schema.Kind == SchemaKind.Ordinal ? AgreementLevel.Ordinal : AgreementLevel.Nominal;
            var units = byTask.Select(g => (IReadOnlyList<string>)g.Select(a => a.Answers[schema.Id]).Where(v => v != Answers.Unsure).ToList()).ToList();
            // Cohen's κ needs two raters: the first two definite labels of each task, in the order they were made.
            var pairs = units.Where(u => u.Count >= 2).Select(u => (u[0], u[1])).ToList();
            var order = schema.ValuesFor(campaign.Wiki).Select(v => v.Token).ToList();
            return new QuestionAgreement(schema, level, units.Count(u => u.Count >= 2),
                Agreement.PercentAgreement(units), Agreement.CohensKappa(pairs), Agreement.KrippendorffsAlpha(units, level, order));
        }).ToList();

        var disputedVotes = byTask.Where(g => g.Count() >= 2)
            .Select(g =>
            {
                var votes = facet.Schemas.ToDictionary(s => s.Id, s => (IReadOnlyDictionary<string, int>)g.GroupBy(a => a.Answers[s.Id]).ToDictionary(v => v.Key, v => v.Count()));
                // Disagreement: the share of definite answers outside each question's majority, averaged over questions.
                var disagreement = facet.Schemas.Average(s =>
                {
                    var definite = votes[s.Id].Where(v => v.Key != Answers.Unsure).ToList();
                    var total = definite.Sum(v => v.Value);
                    return total == 0 ? 0 : 1 - (double)definite.Max(v => v.Value) / total;
                });
                return (TaskId: g.Key, Labels: g.Count(), Disagreement: disagreement, Votes: votes);
            })
            .Where(d => d.Disagreement > 0)
            .OrderByDescending(d => d.Disagreement).ThenByDescending(d => d.Labels).Take(disputedCount).ToList();
        // The artifacts of the few tasks shown, not of every task of the campaign.
        var shownIds = disputedVotes.Select(d => d.TaskId).ToList();
        var taskKeys = await db.CampaignTasks.Where(t => shownIds.Contains(t.Id)).Join(db.Artifacts, t => t.ArtifactId, a => a.Id, (t, a) => new { t.Id, a.Wiki, a.Type, a.RevId })
            .ToDictionaryAsync(x => x.Id, x => new ArtifactKey(x.Wiki, x.Type, x.RevId), cancellationToken);
        var disputed = disputedVotes.Select(d => new DisputedTask(d.TaskId, taskKeys[d.TaskId], d.Labels, d.Disagreement, d.Votes)).ToList();

        var done = byTask.Count(g => g.Count() >= campaign.LabelsPerTask);
        return new CampaignStats(tasks, done, labels.Count, answers.Sum(a => a.Answers.Values.Count(v => v == Answers.Unsure)), skips.Count, perUser, perDay, agreement, disputed);
    }
}
