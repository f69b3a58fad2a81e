using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;

namespace JadeStudio.Core.Discussions;

/// <summary>Whose watchlist: the user, and whether what they judged or commented on counts as watched (their preference).</summary>
public sealed record Watcher(long UserId, bool OwnActivity);

/// <summary>
/// Events on the artifacts a user watches: explicitly, or by having judged or commented on them. Asked of the database
/// for each event (through the indexes on each table's artifact), never as a list of the user's artifacts, which grows
/// with everything they ever judged and would be read at every page they open (the menu counts their unread changes).
/// </summary>
public static class Watching
{
    public static IQueryable<StoredEvent> OnWatched(this IQueryable<StoredEvent> events, JadeDbContext db, Watcher watcher)
    {
        var userId = watcher.UserId;
        return watcher.OwnActivity
            ? events.Where(e => e.ArtifactId != null && (db.Watches.Any(w => w.UserId == userId && w.ArtifactId == e.ArtifactId)
                || db.Endorsements.Any(x => x.ArtifactId == e.ArtifactId && x.UserId == userId)
                || db.Threads.Any(t => t.ArtifactId == e.ArtifactId && db.Comments.Any(c => c.ThreadId == t.Id && c.AuthorId == userId))))
            : events.Where(e => e.ArtifactId != null && db.Watches.Any(w => w.UserId == userId && w.ArtifactId == e.ArtifactId));
    }
}
