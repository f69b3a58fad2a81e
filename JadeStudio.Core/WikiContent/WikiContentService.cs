using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// Revisions and diffs from the wikis, through a cache in the database so lists, search and exports can use titles
/// and editors without asking the wiki. Entries are trusted for <see cref="WikiContentOptions.CacheHours"/>; after that
/// the wiki is asked again before anything is shown, so a deletion or suppression made on the wiki meanwhile takes
/// effect: hidden parts are dropped from the cache, a diff whose text became hidden is removed.
/// </summary>
public sealed class WikiContentService(IWikiContentSource source, IDbContextFactory<JadeDbContext> contexts, CommandWriter writer, WikiCatalog wikis,
    WikiContentOptions options, TimeProvider clock)
{
    private readonly RevisionCache _revisionCache = new(options, clock);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Wiki, long RevId), Task<WikiContentResult<RenderedDiff>>> _diffsInFlight = new();

    /// <summary>
    /// The revisions the wiki knows (fresh from the cache, the rest asked in batches), as <paramref name="viewerRights"/>
    /// may see them; what could not be read is left out with the reason.
    /// </summary>
    public async Task<(IReadOnlyDictionary<long, WikiRevision> Revisions, WikiContentProblem? Problem)> RevisionsAsync(string wiki, IReadOnlyList<long> revIds,
        IReadOnlySet<Right> viewerRights, bool background, CancellationToken cancellationToken = default)
    {
        var (revisions, problem) = await FillAsync(wiki, revIds, background, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await RevisionCache.ForViewerAsync(db, revisions, viewerRights, cancellationToken), problem);
    }

    /// <summary>Puts what the cache lacks of these revisions into it; returns them all, unredacted (never shown as is).</summary>
    internal async Task<(IReadOnlyDictionary<long, WikiRevision> Revisions, WikiContentProblem? Problem)> FillAsync(string wiki, IReadOnlyList<long> revIds, bool background,
        CancellationToken cancellationToken)
    {
        var wanted = revIds.Distinct().ToList();
        Dictionary<long, WikiRevision> cached;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            cached = await _revisionCache.FreshAsync(db, wiki, wanted, cancellationToken);
        }
        var missing = wanted.Where(id => !cached.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return (cached, null);
        }
        var fetched = await source.RevisionsAsync(wiki, missing, background, cancellationToken);
        if (fetched.Problem is { } problem)
        {
            return (cached, problem);
        }
        var now = clock.GetUtcNow();
        var rows = fetched.Value!.Revisions.Select(r => CachedRevision.From(r, now)).ToList();
        if (rows.Count > 0)
        {
            (await writer.ExecuteAsync(async context =>
            {
                var ids = rows.Select(r => r.RevId).ToList();
                await context.Db.Set<CachedRevision>().Where(r => r.Wiki == wiki && ids.Contains(r.RevId)).ExecuteDeleteAsync(cancellationToken);
                context.Db.Set<CachedRevision>().AddRange(rows);
                return true;
            }, cancellationToken)).OrThrow();
        }
        foreach (var row in rows)
        {
            cached[row.RevId] = row.ToRevision();
        }
        return (cached, null);
    }

    /// <summary>The edit's diff, sanitised; from the cache while fresh, else from the wiki (whose "hidden" wins over the cache).</summary>
    public async Task<WikiContentResult<RenderedDiff>> DiffAsync(string wiki, long revId, CancellationToken cancellationToken = default)
    {
        if (wikis.Find(wiki) is not { } site)
        {
            return WikiContentResult<RenderedDiff>.Failed(new WikiContentProblem.Refused("unknownwiki", wiki));
        }
        var freshSince = _revisionCache.FreshSince;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Set<CachedDiff>().AsNoTracking().SingleOrDefaultAsync(d => d.Wiki == wiki && d.RevId == revId && d.FetchedAt > freshSince, cancellationToken) is { } fresh)
            {
                return WikiContentResult<RenderedDiff>.Of(new RenderedDiff(wiki, revId, fresh.FromRevId, fresh.SizeChange, fresh.Html));
            }
        }
        // One request per diff however many ask at once (the page and the read-ahead often do); the request is not
        // cancelled with one asker, as another may still wait for it.
        var mine = new TaskCompletionSource<WikiContentResult<RenderedDiff>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _diffsInFlight.GetOrAdd((wiki, revId), mine.Task);
        if (ReferenceEquals(shared, mine.Task))
        {
            _ = FetchSharedDiffAsync(site, revId, mine);
        }
        return await shared.WaitAsync(cancellationToken);
    }

    private async Task FetchSharedDiffAsync(Wiki site, long revId, TaskCompletionSource<WikiContentResult<RenderedDiff>> shared)
    {
        try
        {
            var result = await FetchDiffAsync(site, revId);
            // Gone from the in-flight list before anyone hears: a later asker finds the cache, not this request.
            _diffsInFlight.TryRemove(new KeyValuePair<(string, long), Task<WikiContentResult<RenderedDiff>>>((site.Id, revId), shared.Task));
            shared.SetResult(result);
        }
        catch (Exception exception)
        {
            _diffsInFlight.TryRemove(new KeyValuePair<(string, long), Task<WikiContentResult<RenderedDiff>>>((site.Id, revId), shared.Task));
            shared.SetException(exception);
        }
    }

    private async Task<WikiContentResult<RenderedDiff>> FetchDiffAsync(Wiki site, long revId)
    {
        var wiki = site.Id;
        var cancellationToken = CancellationToken.None;
        var fetched = await source.DiffAsync(wiki, revId, cancellationToken);
        if (fetched.Problem is { } problem)
        {
            if (problem is WikiContentProblem.TextHidden or WikiContentProblem.Missing)
            {
                // Hidden or gone on the wiki since it was cached: nothing of it may be shown again.
                await PurgeAsync(wiki, revId, cancellationToken);
            }
            return WikiContentResult<RenderedDiff>.Failed(problem);
        }
        var diff = fetched.Value!;
        var row = new CachedDiff { Wiki = wiki, RevId = revId, FromRevId = diff.FromRevId, SizeChange = diff.SizeChange, Html = WikiHtml.Diff(diff, site), FetchedAt = clock.GetUtcNow() };
        (await writer.ExecuteAsync(async context =>
        {
            await context.Db.Set<CachedDiff>().Where(d => d.Wiki == wiki && d.RevId == revId).ExecuteDeleteAsync(cancellationToken);
            context.Db.Set<CachedDiff>().Add(row);
            await context.Db.SaveChangesAsync(cancellationToken);
            // Bounded: past the limit the diffs read longest ago make room.
            var excess = await context.Db.Set<CachedDiff>().CountAsync(cancellationToken) - options.MaxCachedDiffs;
            if (excess > 0)
            {
                var oldest = await context.Db.Set<CachedDiff>().OrderBy(d => d.FetchedAt).Take(excess).Select(d => new { d.Wiki, d.RevId }).ToListAsync(cancellationToken);
                foreach (var old in oldest)
                {
                    await context.Db.Set<CachedDiff>().Where(d => d.Wiki == old.Wiki && d.RevId == old.RevId).ExecuteDeleteAsync(cancellationToken);
                }
            }
            return true;
        }, cancellationToken)).OrThrow();
        return WikiContentResult<RenderedDiff>.Of(new RenderedDiff(wiki, revId, row.FromRevId, row.SizeChange, row.Html));
    }

    /// <summary>
    /// The page as of a revision (for judging a version), sanitised. Read from the wiki each time and not cached:
    /// pages are large and version judgments few, and a page whose text was hidden meanwhile is then never shown.
    /// </summary>
    public async Task<WikiContentResult<RenderedPage>> PageAsync(string wiki, long revId, CancellationToken cancellationToken = default)
    {
        if (wikis.Find(wiki) is not { } site)
        {
            return WikiContentResult<RenderedPage>.Failed(new WikiContentProblem.Refused("unknownwiki", wiki));
        }
        var fetched = await source.PageAsync(wiki, revId, cancellationToken);
        return fetched.Value is { } page
            ? WikiContentResult<RenderedPage>.Of(new RenderedPage(wiki, revId, page.Title, WikiHtml.Page(page, site)))
            : WikiContentResult<RenderedPage>.Failed(fetched.Problem!);
    }

    /// <summary>
    /// Reads ahead what a labeler will see next (a workset's tasks), into the cache, one diff after the other as
    /// Wikimedia asks; what the wiki cannot give now is simply not cached. Returns how many diffs are ready.
    /// </summary>
    public async Task<int> PrefetchAsync(string wiki, IReadOnlyList<long> revIds, CancellationToken cancellationToken = default)
    {
        await FillAsync(wiki, revIds, background: true, cancellationToken);
        var ready = 0;
        foreach (var revId in revIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((await DiffAsync(wiki, revId, cancellationToken)).Value is not null)
            {
                ready++;
            }
        }
        return ready;
    }

    /// <summary>Forgets what was read of a wiki, or of one of its revisions (an operator's purge); returns the entries removed.</summary>
    public async Task<int> PurgeAsync(string wiki, long? revId = null, CancellationToken cancellationToken = default) =>
        (await writer.ExecuteAsync(async context =>
            await context.Db.Set<CachedRevision>().Where(r => r.Wiki == wiki && (revId == null || r.RevId == revId)).ExecuteDeleteAsync(cancellationToken)
            + await context.Db.Set<CachedDiff>().Where(d => d.Wiki == wiki && (revId == null || d.RevId == revId)).ExecuteDeleteAsync(cancellationToken),
            cancellationToken)).OrThrow();
}
