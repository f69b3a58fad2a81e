using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Patrol;

/// <summary>One edit of a patrol queue as a viewer may see it.</summary>
public sealed record PatrolItem(long Id, ArtifactKey Artifact, string PageTitle, string? Editor, bool EditorHidden, string? Comment, int SizeChange, bool NewPage,
    DateTimeOffset EditedAt, double? Damaging, RedactedUser? ReviewedBy, bool Mine);

/// <summary>
/// A wiki's patrol queue, as Huggle and RTRC users work: its latest edits without a judgment here, the likeliest damage
/// first. A patroller is given one edit at a time, which nobody else is given until they judge it, pass on it or their
/// claim runs out; a judged edit leaves everyone's queue.
/// </summary>
public sealed class PatrolQueue(CommandWriter writer, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts, PatrolOptions options, WikiCatalog wikis, TimeProvider clock)
{
    private const string DamagingModel = "damaging";

    public bool Serves(string wiki) => options.Wikis.Contains(wiki) && wikis.Find(wiki) is not null;

    /// <summary>
    /// A patroller on this node took or passed on an edit of the wiki: open queues here show it at once. (Pages on other
    /// nodes see it with the wiki's next commit, which every node hears.)
    /// </summary>
    public event Action<string>? ClaimsChanged;

    public IReadOnlyList<string> Wikis => [.. options.Wikis.Where(w => wikis.Find(w) is not null)];

    /// <summary>Stores a wiki's latest edits (those not known yet), with the damaging score where one is stored, and drops old ones.</summary>
    public Task<Result<int>> IngestAsync(string wiki, IReadOnlyList<RecentEdit> edits, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var db = context.Db;
            var revIds = edits.Select(e => e.RevId).Distinct().ToList();
            var known = (await db.PatrolEdits.Where(p => p.Wiki == wiki && revIds.Contains(p.RevId)).Select(p => p.RevId).ToListAsync(cancellationToken)).ToHashSet();
            var scores = await DamagingAsync(db, wiki, revIds, cancellationToken);
            var cutoff = context.Now - TimeSpan.FromHours(options.KeepHours);
            var added = edits.Where(e => !known.Contains(e.RevId) && e.At >= cutoff).DistinctBy(e => e.RevId).Select(e => new PatrolEdit
            {
                Wiki = wiki,
                RevId = e.RevId,
                RcId = e.RcId,
                PageTitle = e.Title,
                User = e.User,
                Comment = e.Comment,
                OldSize = e.OldSize,
                NewSize = e.NewSize,
                NewPage = e.NewPage,
                EditedAt = e.At,
                Damaging = scores.GetValueOrDefault(e.RevId),
            }).ToList();
            db.PatrolEdits.AddRange(added);
            await db.SaveChangesAsync(cancellationToken);
            await db.PatrolEdits.Where(p => p.Wiki == wiki && p.EditedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            return added.Count;
        }, cancellationToken);

    /// <summary>Sets the damaging probability of queued edits whose score arrived after them.</summary>
    public Task<Result<int>> RescoreAsync(string wiki, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var unscored = await context.Db.PatrolEdits.Where(p => p.Wiki == wiki && p.Damaging == null).ToListAsync(cancellationToken);
            var scores = await DamagingAsync(context.Db, wiki, [.. unscored.Select(p => p.RevId)], cancellationToken);
            foreach (var edit in unscored)
            {
                edit.Damaging = scores.GetValueOrDefault(edit.RevId);
            }
            await context.Db.SaveChangesAsync(cancellationToken);
            return unscored.Count(e => e.Damaging is not null);
        }, cancellationToken);

    private static async Task<Dictionary<long, double?>> DamagingAsync(JadeDbContext db, string wiki, List<long> revIds, CancellationToken cancellationToken)
    {
        var stored = await db.Scores.AsNoTracking().Where(s => s.Wiki == wiki && s.Model == DamagingModel && revIds.Contains(s.RevId) && s.Probabilities != null)
            .Select(s => new { s.RevId, s.Probabilities }).ToListAsync(cancellationToken);
        return stored.GroupBy(s => s.RevId).ToDictionary(g => g.Key, g =>
        {
            using var probabilities = JsonDocument.Parse(g.First().Probabilities!);
            return probabilities.RootElement.TryGetProperty("true", out var damaging) ? damaging.GetDouble() : (double?)null;
        });
    }

    /// <summary>Edits nobody judged here yet: once one is judged it leaves every queue.</summary>
    private static IQueryable<PatrolEdit> Unjudged(JadeDbContext db, IQueryable<PatrolEdit> edits) =>
        edits.Where(p => !db.Artifacts.Any(a => a.Wiki == p.Wiki && a.Type == ArtifactType.Diff && a.RevId == p.RevId && db.Proposals.Any(pr => pr.ArtifactId == a.Id)));

    /// <summary>The judgment an answer makes on an edit (the edit-quality facet).</summary>
    public static ProposeRequest Judgment(PatrolItem edit, PatrolAnswer answer)
    {
        var (damaging, goodfaith) = answer switch
        {
            PatrolAnswer.Vandalism => (true, false),
            PatrolAnswer.DamagingGoodFaith => (true, true),
            PatrolAnswer.Good => (false, true),
            _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, null),
        };
        static string Json(bool value) => value ? "true" : "false";
        return new ProposeRequest(edit.Artifact, "editquality", Schemas.LabelData.Canonical([("damaging", Json(damaging)), ("goodfaith", Json(goodfaith))]), null, null, "patrol");
    }

    /// <summary>Open edits: not judged here, not passed on by <paramref name="me"/>, and not given to someone else right now.</summary>
    private static IQueryable<PatrolEdit> Open(JadeDbContext db, string wiki, DateTimeOffset now, long? me) =>
        Unjudged(db, db.PatrolEdits.Where(p => p.Wiki == wiki
            && (p.ClaimedById == null || p.ClaimedUntil <= now || p.ClaimedById == me)
            && !db.PatrolSkips.Any(s => s.EditId == p.Id && s.UserId == me)));

    private static IOrderedQueryable<PatrolEdit> Ordered(IQueryable<PatrolEdit> edits) =>
        edits.OrderByDescending(p => p.Damaging ?? -1).ThenByDescending(p => p.RcId);

    /// <summary>
    /// Gives the patroller the next edit and keeps it theirs for a while (right <c>judge</c>, not blocked from judging on
    /// the wiki). The claim is one conditional update, so two patrollers — on any node — never hold the same edit.
    /// </summary>
    public async Task<Result<long?>> NextAsync(ActorRef patroller, string wiki, CancellationToken cancellationToken = default)
    {
        var given = await ClaimAsync(patroller, wiki, cancellationToken);
        Subscribers.Tell(ClaimsChanged, wiki);
        return given;
    }

    private Task<Result<long?>> ClaimAsync(ActorRef patroller, string wiki, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, patroller, Right.Judge, BlockAction.Judge, new BlockTarget(wiki, null), cancellationToken);
            var me = who.UserId!.Value;
            var now = context.Now;
            var until = now + TimeSpan.FromMinutes(options.ClaimMinutes);
            await context.Db.PatrolEdits.Where(p => p.Wiki == wiki && p.ClaimedById == me)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.ClaimedById, (long?)null).SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
            // Another node's writer may take the same candidate in between: the update then changes nothing and the next one is tried.
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var candidate = await Ordered(Open(context.Db, wiki, now, me)).Select(p => (long?)p.Id).FirstOrDefaultAsync(cancellationToken);
                if (candidate is not { } id)
                {
                    return null;
                }
                var taken = await context.Db.PatrolEdits.Where(p => p.Id == id && (p.ClaimedById == null || p.ClaimedUntil <= now || p.ClaimedById == me))
                    .ExecuteUpdateAsync(p => p.SetProperty(x => x.ClaimedById, me).SetProperty(x => x.ClaimedUntil, until), cancellationToken);
                if (taken == 1)
                {
                    return (long?)id;
                }
            }
            return null;
        }, cancellationToken);

    /// <summary>Passes on an edit: it goes back to the others and is not given to this patroller again.</summary>
    public async Task<Result<bool>> SkipAsync(ActorRef patroller, long editId, CancellationToken cancellationToken = default)
    {
        var skipped = await PassAsync(patroller, editId, cancellationToken);
        if (skipped.Value is { } wiki)
        {
            Subscribers.Tell(ClaimsChanged, wiki);
        }
        return skipped.Error is { } error ? error : true;
    }

    private Task<Result<string>> PassAsync(ActorRef patroller, long editId, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(async context =>
        {
            var edit = await context.Db.PatrolEdits.SingleOrDefaultAsync(p => p.Id == editId, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("patrol edit"));
            var who = await actors.RequireAsync(context.Db, patroller, Right.Judge, BlockAction.Judge, new BlockTarget(edit.Wiki, null), cancellationToken);
            if (!await context.Db.PatrolSkips.AnyAsync(s => s.EditId == editId && s.UserId == who.UserId, cancellationToken))
            {
                context.Db.PatrolSkips.Add(new PatrolSkip { EditId = editId, UserId = who.UserId!.Value });
            }
            if (edit.ClaimedById == who.UserId)
            {
                edit.ClaimedById = null;
                edit.ClaimedUntil = null;
            }
            await context.Db.SaveChangesAsync(cancellationToken);
            return edit.Wiki;
        }, cancellationToken);

    /// <summary>The queue as the viewer sees it: open edits (those others are looking at marked), the likeliest damage first.</summary>
    public async Task<IReadOnlyList<PatrolItem>> QueueAsync(string wiki, Actor viewer, int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var edits = await Ordered(Unjudged(db, db.PatrolEdits.Where(p => p.Wiki == wiki)))
            .Take(Math.Clamp(limit, 1, 200)).AsNoTracking().ToListAsync(cancellationToken);
        return await ItemsAsync(db, edits, viewer, now, cancellationToken);
    }

    /// <summary>One edit, if it is still in the queue (not judged since).</summary>
    public async Task<PatrolItem?> FindAsync(long editId, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var edit = await Unjudged(db, db.PatrolEdits.AsNoTracking().Where(p => p.Id == editId)).SingleOrDefaultAsync(cancellationToken);
        return edit is null ? null : (await ItemsAsync(db, [edit], viewer, clock.GetUtcNow(), cancellationToken)).Single();
    }

    private static async Task<IReadOnlyList<PatrolItem>> ItemsAsync(JadeDbContext db, List<PatrolEdit> edits, Actor viewer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Editors are the wiki's accounts, the same names as here: a hidden account is hidden on its edits too.
        var hiddenEditors = await HiddenAccounts.AmongAsync(db, edits.Select(e => e.User).OfType<string>(), viewer.Rights, cancellationToken);
        var claimerIds = edits.Where(e => e.ClaimedUntil > now).Select(e => e.ClaimedById).OfType<long>().Distinct().ToList();
        var claimers = await db.Users.AsNoTracking().Where(u => claimerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        return [.. edits.Select(e =>
        {
            var hidden = e.User is { } user && hiddenEditors.Contains(user);
            var claimed = e.ClaimedUntil > now && e.ClaimedById is { } by && claimers.TryGetValue(by, out var claimer)
                ? Redaction.User(claimer.Id, claimer.Name, FieldVisibility.Visible, claimer.Hidden, viewer.Rights)
                : null;
            return new PatrolItem(e.Id, new ArtifactKey(e.Wiki, ArtifactType.Diff, e.RevId), e.PageTitle, hidden ? null : e.User, hidden, e.Comment,
                e.NewSize - e.OldSize, e.NewPage, e.EditedAt, e.Damaging, claimed, claimed is not null && e.ClaimedById == viewer.UserId);
        })];
    }
}
