using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// Reads of the cached revision metadata as one viewer may see them: only entries still trusted (younger than
/// <see cref="WikiContentOptions.CacheHours"/>), and an editor whose JadeStudio account is hidden (hideuser) is
/// hidden on the wiki's edits too — it is the same name, and a hidden name is hidden on every object carrying it.
/// </summary>
public sealed class RevisionCache(WikiContentOptions options, TimeProvider clock)
{
    public DateTimeOffset FreshSince => clock.GetUtcNow() - TimeSpan.FromHours(options.CacheHours);

    /// <summary>The trusted entries among these revisions, unredacted (for the cache's own bookkeeping).</summary>
    public async Task<Dictionary<long, WikiRevision>> FreshAsync(JadeDbContext db, string wiki, IReadOnlyCollection<long> revIds, CancellationToken cancellationToken)
    {
        var freshSince = FreshSince;
        return (await db.Set<CachedRevision>().AsNoTracking()
                .Where(r => r.Wiki == wiki && revIds.Contains(r.RevId) && r.FetchedAt > freshSince)
                .ToListAsync(cancellationToken))
            .ToDictionary(r => r.RevId, r => r.ToRevision());
    }

    /// <summary>One revision's trusted entry as <paramref name="viewerRights"/> may see it; null when none is cached or it is too old.</summary>
    public async Task<WikiRevision?> ForViewerAsync(JadeDbContext db, string wiki, long revId, IReadOnlySet<Right> viewerRights, CancellationToken cancellationToken)
    {
        var fresh = await FreshAsync(db, wiki, [revId], cancellationToken);
        return (await ForViewerAsync(db, fresh, viewerRights, cancellationToken)).GetValueOrDefault(revId);
    }

    /// <summary>Revisions as the viewer may see them: editors whose account is hidden here lose their name unless the viewer sees suppressed names.</summary>
    public static async Task<Dictionary<long, WikiRevision>> ForViewerAsync(JadeDbContext db, IReadOnlyDictionary<long, WikiRevision> revisions, IReadOnlySet<Right> viewerRights,
        CancellationToken cancellationToken)
    {
        var hidden = await HiddenAccounts.AmongAsync(db, revisions.Values.Select(r => r.User).OfType<string>(), viewerRights, cancellationToken);
        return revisions.ToDictionary(r => r.Key, r => r.Value.User is { } user && hidden.Contains(user)
            ? r.Value with { User = null, UserId = null, Hidden = r.Value.Hidden with { User = true } }
            : r.Value);
    }
}
