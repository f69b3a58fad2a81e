using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Text;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;
using JadeStudio.Core.Storage;

namespace JadeStudio.Core.Campaigns;

/// <summary>What a campaign is, as entered in the create/edit form or the API.</summary>
public sealed record CampaignDraft(
    string Wiki,
    string Name,
    string Facet,
    CampaignView View,
    int LabelsPerTask,
    int TasksPerWorkset,
    TimeSpan WorksetLifetime,
    bool Active,
    string? InfoUrl,
    string? Instructions);

public enum CampaignProblem
{
    NameMissing,
    NameTaken,
    UnknownWiki,
    FacetNotOnWiki,
    LabelsPerTaskOutOfRange,
    TasksPerWorksetOutOfRange,
    LifetimeOutOfRange,
    /// <summary>Not an http(s) address, or longer than <see cref="CampaignService.MaxInfoUrl"/>.</summary>
    BadInfoUrl,
    InstructionsTooLong,
    WikiOrFacetChanged,
}

/// <summary>The answer to one question: a value token of the schema, or unsure.</summary>
public static class Answers
{
    public const string Unsure = "unsure";
}

public sealed class CampaignService(CommandWriter writer, ActorLoader actors, JudgmentService judgments, SchemaCatalog schemas, WikiCatalog wikis)
{
    public const int MaxLabelsPerTask = 20;
    public const int MaxTasksPerWorkset = 500;
    public const int MaxInstructions = 20_000;
    public const int MaxName = 200;

    /// <summary>The longest information address taken: what browsers and wikis link to without trouble.</summary>
    public const int MaxInfoUrl = 2_000;

    public Task<Result<Campaign>> CreateAsync(ActorRef actor, CampaignDraft draft, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, actor, Right.CreateCampaign, BlockAction.Campaigns, new BlockTarget(draft.Wiki, null), cancellationToken);
            await ValidateAsync(context, draft, null, cancellationToken);
            var campaign = new Campaign
            {
                Wiki = draft.Wiki,
                Name = NameOf(draft),
                Facet = draft.Facet,
                CreatedById = who.UserId!.Value,
                CreatedAt = context.Now,
            };
            Apply(campaign, draft);
            context.Db.Campaigns.Add(campaign);
            await context.Db.SaveChangesAsync(cancellationToken);
            context.Emit(new StoredEvent { Type = EventType.CampaignCreated, ActorId = who.UserId, Wiki = campaign.Wiki, Data = JsonSerializer.Serialize(new { campaignId = campaign.Id }) });
            return campaign;
        }, cancellationToken);

    /// <summary>
    /// Creates a campaign whose tasks are given artifacts (e.g. borderline scores, or disputed judgments),
    /// in one step: needs createcampaign and uploadartifacts.
    /// </summary>
    public Task<Result<Campaign>> CreateWithTasksAsync(ActorRef actor, CampaignDraft draft, IReadOnlyList<ArtifactKey> artifacts, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, actor, Right.CreateCampaign, BlockAction.Campaigns, new BlockTarget(draft.Wiki, null), cancellationToken);
            ActorLoader.Require(who, Right.UploadArtifacts, BlockAction.Upload, new BlockTarget(draft.Wiki, null));
            await ValidateAsync(context, draft, null, cancellationToken);
            var type = schemas.FindFacet(draft.Facet)!.EntityType;
            if (artifacts.Any(a => a.Wiki != draft.Wiki || a.Type != type))
            {
                throw Invalid(CampaignProblem.FacetNotOnWiki);
            }
            var campaign = new Campaign { Wiki = draft.Wiki, Name = NameOf(draft), Facet = draft.Facet, CreatedById = who.UserId!.Value, CreatedAt = context.Now };
            Apply(campaign, draft);
            context.Db.Campaigns.Add(campaign);
            await context.Db.SaveChangesAsync(cancellationToken);
            long position = 1;
            foreach (var key in artifacts.Distinct())
            {
                var (artifact, _) = await JudgmentService.EnsureArtifactAsync(context, key, cancellationToken);
                context.Db.CampaignTasks.Add(new CampaignTask { CampaignId = campaign.Id, ArtifactId = artifact.Id, Position = position++ });
            }
            context.Emit(new StoredEvent { Type = EventType.CampaignCreated, ActorId = who.UserId, Wiki = campaign.Wiki, Data = JsonSerializer.Serialize(new { campaignId = campaign.Id, tasks = position - 1 }) });
            return campaign;
        }, cancellationToken);

    /// <summary>Edits a campaign: its creator (createcampaign), or anyone with managecampaigns. Wiki and form stay fixed.</summary>
    public Task<Result<Campaign>> UpdateAsync(ActorRef actor, long campaignId, CampaignDraft draft, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var campaign = await FindAsync(context, campaignId, cancellationToken);
            var who = await actors.LoadAsync(context.Db, actor, cancellationToken);
            ActorLoader.Require(who, campaign.CreatedById == who.UserId ? Right.CreateCampaign : Right.ManageCampaigns, BlockAction.Campaigns, new BlockTarget(campaign.Wiki, null));
            if (draft.Wiki != campaign.Wiki || draft.Facet != campaign.Facet)
            {
                throw Invalid(CampaignProblem.WikiOrFacetChanged);
            }
            await ValidateAsync(context, draft, campaign.Id, cancellationToken);
            campaign.Name = NameOf(draft);
            Apply(campaign, draft);
            context.Emit(new StoredEvent { Type = EventType.CampaignUpdated, ActorId = who.UserId, Wiki = campaign.Wiki, Data = JsonSerializer.Serialize(new { campaignId = campaign.Id, active = campaign.Active }) });
            return campaign;
        }, cancellationToken);

    /// <summary>
    /// Wiki Labels' rules: refused (409) for an inactive campaign, while the user has an open workset, or
    /// when no task is left for them. Capacity is counted in labels: a task needing two labels goes to two
    /// different people, never twice to one.
    /// </summary>
    public Task<Result<long>> RequestWorksetAsync(ActorRef actor, long campaignId, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            // One assignment per campaign at a time, across nodes too: the capacity count below stays true until commit.
            await context.LockAsync(LockedRow.Campaign, campaignId, cancellationToken);
            var campaign = await FindAsync(context, campaignId, cancellationToken);
            var who = await actors.RequireAsync(context.Db, actor, Right.Judge, BlockAction.Campaigns, new BlockTarget(campaign.Wiki, null), cancellationToken);
            if (!campaign.Active)
            {
                throw new JadeException(new JadeError.CampaignInactive(campaign.Id));
            }
            var userId = who.UserId!.Value;
            var now = context.Now;
            var open = await context.Db.Worksets.Where(w => w.CampaignId == campaign.Id && w.UserId == userId && w.Status == WorksetStatus.Open && w.ExpiresAt > now)
                .Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken);
            if (open is { } openId)
            {
                throw new JadeException(new JadeError.WorksetOpen(openId));
            }
            var db = context.Db;
            var taskIds = await db.CampaignTasks
                .Where(t => t.CampaignId == campaign.Id && t.LabelCount < campaign.LabelsPerTask
                    && !db.Assignments.Any(a => a.TaskId == t.Id && a.UserId == userId)
                    && db.Assignments.Count(a => a.TaskId == t.Id && (a.LabeledAt != null
                        || (a.SkippedAt == null && db.Worksets.Any(w => w.Id == a.WorksetId && w.Status == WorksetStatus.Open && w.ExpiresAt > now)))) < campaign.LabelsPerTask)
                .OrderBy(t => t.Position)
                .Take(campaign.TasksPerWorkset)
                .Select(t => t.Id)
                .ToListAsync(cancellationToken);
            if (taskIds.Count == 0)
            {
                throw new JadeException(new JadeError.NoTasksLeft(campaign.Id));
            }
            var workset = new Workset { CampaignId = campaign.Id, UserId = userId, Status = WorksetStatus.Open, CreatedAt = now, ExpiresAt = now + campaign.WorksetLifetime };
            db.Worksets.Add(workset);
            await db.SaveChangesAsync(cancellationToken);
            db.Assignments.AddRange(taskIds.Select((taskId, i) => new Assignment { WorksetId = workset.Id, TaskId = taskId, UserId = userId, Position = i }));
            context.Emit(new StoredEvent { Type = EventType.WorksetAssigned, ActorId = userId, Wiki = campaign.Wiki, Data = JsonSerializer.Serialize(new { campaignId = campaign.Id, worksetId = workset.Id, tasks = taskIds.Count }) });
            return workset.Id;
        }, cancellationToken);

    /// <summary>
    /// Records a user's answers for a task of their workset. A label may be changed, as in Wiki Labels, until the
    /// workset expires: while it is open, and once it is done (every task labeled or skipped) for the tasks they
    /// labeled; not once it was given back. A skipped task cannot be labeled: its place went back to others. A complete
    /// label — every question answered, none unsure — also proposes-or-endorses the labels on the artifact with origin
    /// campaign/&lt;id&gt;, in the same transaction (a changed one moves the endorsement).
    /// </summary>
    public Task<Result<LabelOutcome>> SaveLabelAsync(ActorRef actor, long worksetId, long taskId, IReadOnlyDictionary<string, string> answers, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var (who, campaign, workset, assignment, artifact) = await AssignmentAsync(context, actor, worksetId, taskId, cancellationToken,
                changingALabel: true);
            if (assignment.SkippedAt is not null)
            {
                throw new JadeException(new JadeError.TaskSkipped(taskId));
            }
            var facet = schemas.FindFacet(campaign.Facet)!;
            var canonical = ValidateAnswers(facet, campaign.Wiki, answers);
            var complete = facet.Schemas.All(s => canonical[s.Id] != Answers.Unsure);
            var json = JsonSerializer.Serialize(canonical);

            var label = await context.Db.CampaignLabels.SingleOrDefaultAsync(l => l.TaskId == taskId && l.UserId == who.UserId, cancellationToken);
            if (label is null)
            {
                label = new CampaignLabel { CampaignId = campaign.Id, TaskId = taskId, UserId = who.UserId!.Value, Answers = json, CreatedAt = context.Now };
                context.Db.CampaignLabels.Add(label);
            }
            label.Answers = json;
            label.Complete = complete;
            label.UpdatedAt = context.Now;
            var firstLabel = assignment.LabeledAt is null;
            assignment.LabeledAt ??= context.Now;
            await context.Db.SaveChangesAsync(cancellationToken);
            if (firstLabel)
            {
                // Counted where the row is (its lock orders concurrent labelers), not computed from what this command read.
                await context.Db.CampaignTasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(set => set.SetProperty(t => t.LabelCount, t => t.LabelCount + 1), cancellationToken);
            }

            JudgmentOutcome? judged = null;
            if (complete)
            {
                var labelData = LabelData.Canonical(facet.Schemas.Select(s => (s.Id, canonical[s.Id])));
                judged = await judgments.ProposeOrEndorseWithinAsync(context, actor,
                    new ProposeRequest(artifact.Key, facet.Id, labelData, null, null, Origins.Campaign(campaign.Id)), cancellationToken);
            }
            context.Emit(new StoredEvent
            {
                Type = EventType.CampaignLabelSaved,
                ActorId = who.UserId,
                Wiki = campaign.Wiki,
                ArtifactId = artifact.Id,
                Facet = facet.Id,
                Data = JsonSerializer.Serialize(new { campaignId = campaign.Id, taskId, answers = canonical }),
            }.KeepingHidden(who.UserId!.Value, await LabelEntries.NameLevelAsync(context.Db, artifact.Id, who.UserId!.Value, cancellationToken)));
            await CompleteIfDoneAsync(context, workset, cancellationToken);
            return new LabelOutcome(label.Id, complete, judged?.ProposalId);
        }, cancellationToken);

    /// <summary>Skips a task: it goes back to the pool for others, never to this user again.</summary>
    public Task<Result<bool>> SkipAsync(ActorRef actor, long worksetId, long taskId, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var (who, campaign, workset, assignment, artifact) = await AssignmentAsync(context, actor, worksetId, taskId, cancellationToken);
            if (assignment.LabeledAt is not null)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            assignment.SkippedAt ??= context.Now;
            context.Emit(new StoredEvent { Type = EventType.CampaignTaskSkipped, ActorId = who.UserId, Wiki = campaign.Wiki, ArtifactId = artifact.Id, Data = JsonSerializer.Serialize(new { campaignId = campaign.Id, taskId }) });
            await CompleteIfDoneAsync(context, workset, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Gives back the unlabeled tasks of one's workset. Only its owner may, blocked or not and whatever their rights now:
    /// it changes no one's content and returns the tasks to others at once instead of when the workset expires (as
    /// asking for oversight stays open to blocked users, <see cref="Oversight.OversightRequestService.RequestAsync"/>).
    /// </summary>
    public Task<Result<bool>> AbandonAsync(ActorRef actor, long worksetId, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var workset = await context.Db.Worksets.SingleOrDefaultAsync(w => w.Id == worksetId && w.UserId == actor.UserId, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("workset"));
            if (workset.Status != WorksetStatus.Open)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            workset.Status = WorksetStatus.Abandoned;
            var campaign = await FindAsync(context, workset.CampaignId, cancellationToken);
            context.Emit(new StoredEvent { Type = EventType.WorksetAbandoned, ActorId = actor.UserId, Wiki = campaign.Wiki, Data = JsonSerializer.Serialize(new { campaignId = campaign.Id, worksetId }) });
            return true;
        }, cancellationToken);

    private static async Task CompleteIfDoneAsync(CommandContext context, Workset workset, CancellationToken cancellationToken)
    {
        await context.Db.SaveChangesAsync(cancellationToken); // the query below reads the database, not tracked changes
        var pending = await context.Db.Assignments.AnyAsync(a => a.WorksetId == workset.Id && a.LabeledAt == null && a.SkippedAt == null, cancellationToken);
        if (!pending)
        {
            workset.Status = WorksetStatus.Completed;
        }
    }

    /// <param name="changingALabel">A label of a done workset may still be changed (not a skip, nor a new label).</param>
    private async Task<(Actor Who, Campaign Campaign, Workset Workset, Assignment Assignment, Artifact Artifact)> AssignmentAsync(
        CommandContext context, ActorRef actor, long worksetId, long taskId, CancellationToken cancellationToken, bool changingALabel = false)
    {
        var workset = await context.Db.Worksets.SingleOrDefaultAsync(w => w.Id == worksetId && w.UserId == actor.UserId, cancellationToken)
            ?? throw new JadeException(new JadeError.EntityNotFound("workset"));
        var campaign = await FindAsync(context, workset.CampaignId, cancellationToken);
        var assignment = await context.Db.Assignments.SingleOrDefaultAsync(a => a.WorksetId == worksetId && a.TaskId == taskId, cancellationToken)
            ?? throw new JadeException(new JadeError.EntityNotFound("task"));
        var task = await context.Db.CampaignTasks.SingleAsync(t => t.Id == taskId, cancellationToken);
        var artifact = await context.Db.Artifacts.SingleAsync(a => a.Id == task.ArtifactId, cancellationToken);
        var who = await actors.LoadAsync(context.Db, actor, cancellationToken);
        ActorLoader.Require(who, Right.Judge, BlockAction.Campaigns, new BlockTarget(campaign.Wiki, artifact.Key.ToString()));
        // A campaign label may become a judgment: a block from judging stops it too.
        ActorLoader.Require(who, Right.Judge, BlockAction.Judge, new BlockTarget(campaign.Wiki, artifact.Key.ToString()));
        // A label already given can be changed while the workset takes labels (the rule the labeling view and the list show).
        var stillChangeable = changingALabel && assignment.LabeledAt is not null && workset.TakesLabelsAt(context.Now);
        if (!workset.IsOpenAt(context.Now) && !stillChangeable)
        {
            throw new JadeException(new JadeError.WorksetClosed(worksetId));
        }
        return (who, campaign, workset, assignment, artifact);
    }

    /// <summary>Every question must be answered with one of its values, or with unsure.</summary>
    private static Dictionary<string, string> ValidateAnswers(Facet facet, string wiki, IReadOnlyDictionary<string, string> answers)
    {
        var unknown = answers.Keys.FirstOrDefault(k => facet.Schemas.All(s => s.Id != k));
        if (unknown is not null)
        {
            throw new JadeException(new JadeError.InvalidLabelData(unknown, LabelDataProblem.UnknownField));
        }
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var schema in facet.Schemas)
        {
            if (!answers.TryGetValue(schema.Id, out var answer))
            {
                throw new JadeException(new JadeError.InvalidLabelData(schema.Id, LabelDataProblem.MissingField));
            }
            if (answer != Answers.Unsure && schema.ValuesFor(wiki).All(v => v.Token != answer))
            {
                throw new JadeException(new JadeError.InvalidLabelData(schema.Id, LabelDataProblem.OutOfRange));
            }
            canonical[schema.Id] = answer;
        }
        return canonical;
    }

    /// <summary>The campaign's name as stored and compared with the others: trimmed and composed (a text like any other, <see cref="TextField"/>).</summary>
    private static string NameOf(CampaignDraft draft) => UnicodeText.Composed(draft.Name?.Trim() ?? "");

    private async Task ValidateAsync(CommandContext context, CampaignDraft draft, long? existingId, CancellationToken cancellationToken)
    {
        var name = NameOf(draft);
        if (UnicodeText.IsBlank(name) || name.Length > MaxName)
        {
            throw Invalid(CampaignProblem.NameMissing);
        }
        var wiki = wikis.Find(draft.Wiki) ?? throw Invalid(CampaignProblem.UnknownWiki);
        if (!wiki.Facets.Contains(draft.Facet) || schemas.FindFacet(draft.Facet) is null)
        {
            throw Invalid(CampaignProblem.FacetNotOnWiki);
        }
        if (draft.LabelsPerTask is < 1 or > MaxLabelsPerTask)
        {
            throw Invalid(CampaignProblem.LabelsPerTaskOutOfRange);
        }
        if (draft.TasksPerWorkset is < 1 or > MaxTasksPerWorkset)
        {
            throw Invalid(CampaignProblem.TasksPerWorksetOutOfRange);
        }
        if (draft.WorksetLifetime < TimeSpan.FromMinutes(10) || draft.WorksetLifetime > TimeSpan.FromDays(30))
        {
            throw Invalid(CampaignProblem.LifetimeOutOfRange);
        }
        if (draft.InfoUrl?.Trim() is { Length: > 0 } url
            && (url.Length > MaxInfoUrl || !(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")))
        {
            throw Invalid(CampaignProblem.BadInfoUrl);
        }
        if (draft.Instructions?.Length > MaxInstructions)
        {
            throw Invalid(CampaignProblem.InstructionsTooLong);
        }
        if (await context.Db.Campaigns.AnyAsync(c => c.Wiki == draft.Wiki && c.Name == name && c.Id != existingId, cancellationToken))
        {
            throw Invalid(CampaignProblem.NameTaken);
        }
    }

    private static void Apply(Campaign campaign, CampaignDraft draft)
    {
        campaign.View = draft.View;
        campaign.LabelsPerTask = draft.LabelsPerTask;
        campaign.TasksPerWorkset = draft.TasksPerWorkset;
        campaign.WorksetLifetime = draft.WorksetLifetime;
        campaign.Active = draft.Active;
        campaign.InfoUrl = string.IsNullOrWhiteSpace(draft.InfoUrl) ? null : draft.InfoUrl.Trim();
        campaign.Instructions = UnicodeText.IsBlank(draft.Instructions) ? null : draft.Instructions;
    }

    private static async Task<Campaign> FindAsync(CommandContext context, long campaignId, CancellationToken cancellationToken) =>
        await context.Db.Campaigns.SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken)
        ?? throw new JadeException(new JadeError.EntityNotFound("campaign"));

    private static JadeException Invalid(CampaignProblem problem) => new(new JadeError.InvalidCampaign(problem));

    /// <summary>The artifact type a campaign's tasks are: that of its form's facet.</summary>
    public ArtifactType TaskTypeOf(Campaign campaign) => schemas.FindFacet(campaign.Facet)!.EntityType;
}

public sealed record LabelOutcome(long LabelId, bool Complete, long? ProposalId);
