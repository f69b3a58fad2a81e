using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Changes;
using JadeStudio.Core.Diffs;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Text;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Discussions;

/// <summary>A comment as one viewer may see it; <see cref="History"/> holds its earlier texts, oldest first.</summary>
public sealed record CommentView(long Id, long? ParentId, RedactedUser Author, long AuthorIdForPermissions, RedactedText Text, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, int Version,
    IReadOnlyList<(DateTimeOffset ReplacedAt, RedactedText Text)> History, IReadOnlyList<CommentView> Replies)
{
    /// <summary>
    /// What each edit changed, one entry per earlier text: its diff to the text that replaced it (the next earlier one,
    /// or the text now), or null where this viewer may not read both, since a diff with a hidden version would show its words.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<DiffLine>?> EditChanges()
    {
        var replacements = History.Skip(1).Select(h => h.Text).Append(Text);
        return [.. History.Zip(replacements, (earlier, next) => earlier.Text.Hidden || next.Hidden ? null : LineDiff.Compute(earlier.Text.Value, next.Value))];
    }
}

public sealed record ThreadView(long Id, ArtifactKey Artifact, RedactedText Title, RedactedUser Author, ThreadSubject Subject, long? SubjectId, DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt, DateTimeOffset? ResolvedAt, RedactedUser? ResolvedBy, IReadOnlyList<CommentView> Posts)
{
    public int CommentCount => Posts.Sum(p => 1 + p.Replies.Count);
}

/// <summary>Recent activity on watched artifacts; <see cref="LastReadSeq"/> is where the user had read up to before now.</summary>
/// <param name="Unread">Unread lines of changes, counted up to <see cref="MaxUnreadCounted"/>.</param>
public sealed record Watchlist(IReadOnlyList<FeedEvent> Events, int Unread, long NewestSeq, long LastReadSeq, bool WatchOwnActivity)
{
    /// <summary>
    /// The page counts unread changes up to here and says "more than 999" from it on: a count of every unread change
    /// grows with them at every view (50,000 on a busy reviewer's list), for a number nobody reads past a few hundred.
    /// </summary>
    public const int MaxUnreadCounted = 1000;
}

public sealed record SearchHit(long TextId, SearchableKind Kind, ArtifactKey Artifact, RedactedUser Author, DateTimeOffset At, string Snippet);

public sealed record SearchQuery(string Text, string? Wiki = null, long? AuthorId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 50);

public sealed class DiscussionQueries(IDbContextFactory<JadeDbContext> contexts, EventFeed feed, IDatabaseStore store)
{
    public async Task<IReadOnlyList<ThreadView>> ForArtifactAsync(ArtifactKey key, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var artifactId = await db.Artifacts.Where(a => a.Wiki == key.Wiki && a.Type == key.Type && a.RevId == key.RevId).Select(a => (long?)a.Id).SingleOrDefaultAsync(cancellationToken);
        if (artifactId is null)
        {
            return [];
        }
        var threads = await db.Threads.AsNoTracking().Where(t => t.ArtifactId == artifactId).OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        return await ViewsAsync(db, threads, viewer, includeComments: true, cancellationToken);
    }

    /// <summary>One thread with its comments; null when there is no such thread.</summary>
    public async Task<ThreadView?> FindThreadAsync(long threadId, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var threads = await db.Threads.AsNoTracking().Where(t => t.Id == threadId).ToListAsync(cancellationToken);
        return (await ViewsAsync(db, threads, viewer, includeComments: true, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The thread a comment belongs to, or null when there is no such comment.</summary>
    public async Task<long?> ThreadOfCommentAsync(long commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Comments.Where(c => c.Id == commentId).Select(c => (long?)c.ThreadId).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>A wiki's threads with the most recent activity first.</summary>
    public async Task<IReadOnlyList<ThreadView>> RecentAsync(string wiki, Actor viewer, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var threads = await db.Threads.AsNoTracking().Join(db.Artifacts.Where(a => a.Wiki == wiki), t => t.ArtifactId, a => a.Id, (t, _) => t)
            .OrderByDescending(t => t.LastActivityAt).Take(limit).ToListAsync(cancellationToken);
        return await ViewsAsync(db, threads, viewer, includeComments: true, cancellationToken);
    }

    private static async Task<IReadOnlyList<ThreadView>> ViewsAsync(JadeDbContext db, List<DiscussionThread> threads, Actor viewer, bool includeComments, CancellationToken cancellationToken)
    {
        // Most artifacts have no discussion: their page then asks nothing more (it made five empty lookups).
        if (threads.Count == 0)
        {
            return [];
        }
        var threadIds = threads.Select(t => t.Id).ToList();
        var comments = includeComments ? await db.Comments.AsNoTracking().Where(c => threadIds.Contains(c.ThreadId)).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken) : [];
        var commentIds = comments.Select(c => c.Id).ToList();
        var revisions = await db.CommentRevisions.AsNoTracking().Where(r => commentIds.Contains(r.CommentId)).OrderBy(r => r.ReplacedAt).ToListAsync(cancellationToken);
        var textIds = threads.Select(t => t.TitleTextId).Concat(comments.Select(c => c.TextId)).Concat(revisions.Select(r => r.TextId)).Distinct().ToList();
        var texts = await db.Texts.AsNoTracking().Where(t => textIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var userIds = threads.Select(t => t.AuthorId).Concat(threads.Select(t => t.ResolvedById).OfType<long>()).Concat(comments.Select(c => c.AuthorId)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var artifactIds = threads.Select(t => t.ArtifactId).Distinct().ToList();
        var keys = await db.Artifacts.AsNoTracking().Where(a => artifactIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Key, cancellationToken);

        RedactedUser UserOf(long id, FieldVisibility onItem) => Redaction.User(id, users[id].Name, onItem, users[id].Hidden, viewer.Rights);

        CommentView View(Comment c, IReadOnlyList<CommentView> replies) => new(c.Id, c.ParentId, UserOf(c.AuthorId, c.AuthorVisibility), c.AuthorId,
            Redaction.Text(texts[c.TextId], viewer.Rights), c.CreatedAt, c.EditedAt, c.Version,
            revisions.Where(r => r.CommentId == c.Id).Select(r => (r.ReplacedAt, Redaction.Text(texts[r.TextId], viewer.Rights))).ToList(), replies);

        return threads.Select(t =>
        {
            var mine = comments.Where(c => c.ThreadId == t.Id).ToList();
            var posts = mine.Where(c => c.ParentId is null).Select(post => View(post, mine.Where(r => r.ParentId == post.Id).Select(r => View(r, [])).ToList())).ToList();
            return new ThreadView(t.Id, keys[t.ArtifactId], Redaction.Text(texts[t.TitleTextId], viewer.Rights), UserOf(t.AuthorId, t.AuthorVisibility),
                t.Subject, t.SubjectId, t.CreatedAt, t.LastActivityAt, t.ResolvedAt, t.ResolvedById is { } by ? UserOf(by, FieldVisibility.Visible) : null, posts);
        }).ToList();
    }

    public async Task<bool> IsWatchingAsync(long userId, ArtifactKey key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Watches.Join(db.Artifacts.Where(a => a.Wiki == key.Wiki && a.Type == key.Type && a.RevId == key.RevId), w => w.ArtifactId, a => a.Id, (w, _) => w)
            .AnyAsync(w => w.UserId == userId, cancellationToken);
    }

    /// <summary>
    /// Recent activity on watched artifacts (explicit watches, plus everything the user judged or commented on when they
    /// want that): by others, or by anyone with <paramref name="showOwnChanges"/> (MediaWiki's "hide my edits" unticked).
    /// One's own changes never count as unread.
    /// </summary>
    public async Task<Watchlist> WatchlistAsync(long userId, Actor viewer, int limit = 50, bool showOwnChanges = false, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await WatchStateAsync(db, userId, cancellationToken);
        var watcher = new Watcher(userId, state.WatchOwnActivity);
        if (!await WatchesAnythingAsync(db, watcher, cancellationToken))
        {
            return new Watchlist([], 0, state.LastReadSeq, state.LastReadSeq, state.WatchOwnActivity);
        }
        // A few more than the limit, so that the list ends after a whole line (ChangeLines), and the unread are counted in lines too.
        var page = await feed.ReadAsync(new FeedQuery(Limit: ChangeLines.RowsToRead(limit), NewestFirst: true, WatchedBy: watcher, ExcludeActorId: showOwnChanges ? null : userId), viewer, cancellationToken);
        var events = ChangeLines.Page(page is FeedPage.Events found ? found.Items : [], limit).Items;
        var unread = await UnreadAsync(db, state, viewer, atMost: Watchlist.MaxUnreadCounted, cancellationToken);
        return new Watchlist(events, unread, events.Count > 0 ? Math.Max(events.Max(e => e.Seq), state.LastReadSeq) : state.LastReadSeq, state.LastReadSeq, state.WatchOwnActivity);
    }

    /// <summary>
    /// How many lines of changes by others on watched artifacts the user has not read, counted up to <paramref name="atMost"/>
    /// (the menu's badge, on every page, stops at 100 as MediaWiki's notifications stop at 99+: newest first, it then
    /// reads no further back than the hundredth unread change).
    /// </summary>
    public async Task<int> UnreadAsync(long userId, Actor viewer, int? atMost = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await WatchStateAsync(db, userId, cancellationToken);
        return await WatchesAnythingAsync(db, new Watcher(userId, state.WatchOwnActivity), cancellationToken) ? await UnreadAsync(db, state, viewer, atMost, cancellationToken) : 0;
    }

    private static async Task<WatchState> WatchStateAsync(JadeDbContext db, long userId, CancellationToken cancellationToken) =>
        await db.WatchStates.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken) ?? new WatchState { UserId = userId };

    /// <summary>Whether the user watches anything at all: a few index lookups, so that an empty watchlist reads no events.</summary>
    private static async Task<bool> WatchesAnythingAsync(JadeDbContext db, Watcher watcher, CancellationToken cancellationToken) =>
        await db.Watches.AnyAsync(w => w.UserId == watcher.UserId, cancellationToken)
        || (watcher.OwnActivity && (await db.Endorsements.AnyAsync(x => x.UserId == watcher.UserId, cancellationToken)
            || await db.Comments.AnyAsync(c => c.AuthorId == watcher.UserId, cancellationToken)));

    private static Task<int> UnreadAsync(JadeDbContext db, WatchState state, Actor viewer, int? atMost, CancellationToken cancellationToken)
    {
        var lines = db.Events.ReadableBy(viewer).Where(e => e.Seq > state.LastReadSeq && e.ActorId != state.UserId)
            .OnWatched(db, new Watcher(state.UserId, state.WatchOwnActivity))
            .LineHeads(db, viewer);
        return atMost is { } cap ? lines.OrderByDescending(e => e.Seq).Take(cap).CountAsync(cancellationToken) : lines.CountAsync(cancellationToken);
    }

    /// <summary>
    /// Full-text search over comments, thread titles, proposal notes and endorsement comments. The index only proposes candidates: a text hidden
    /// from the searcher (deleted without viewdeleted, suppressed without viewsuppressed) is never returned.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, Actor viewer, CancellationToken cancellationToken = default)
    {
        // The stores' searches are statements of their own, past EF Core's NulCharacterGuard: refused here as there.
        NulCharacterGuard.Check(query.Text);
        NulCharacterGuard.Check(query.Wiki);
        // Texts are stored composed (TextField): the searcher's words are read the same way.
        query = query with { Text = UnicodeText.Composed(query.Text) };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await store.TextSearch.FindAsync(db, query, Redaction.MostHiddenSeenBy(viewer.Rights), cancellationToken);
        var userIds = rows.Select(r => r.AuthorId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var artifactIds = rows.Select(r => r.ArtifactId).Distinct().ToList();
        var keys = await db.Artifacts.AsNoTracking().Where(a => artifactIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Key, cancellationToken);
        var authorVisibility = await AuthorVisibilityAsync(db, rows.Select(r => r.TextId).ToList(), cancellationToken);
        return rows
            .Select(r => new SearchHit(r.TextId, r.Kind, keys[r.ArtifactId],
                Redaction.User(r.AuthorId, users[r.AuthorId].Name, authorVisibility.GetValueOrDefault(r.TextId), users[r.AuthorId].Hidden, viewer.Rights),
                r.At, r.Snippet))
            // Filtering by a hidden author must not reveal that author's texts.
            .Where(hit => query.AuthorId is null || !hit.Author.Hidden)
            .ToList();
    }

    /// <summary>
    /// How the author is shown on the item a text belongs to (a comment or its earlier version, a thread title, proposal
    /// notes, an endorsement comment — also one replaced since, through the events that carried it): a hidden author
    /// stays hidden in results.
    /// </summary>
    private static async Task<Dictionary<long, FieldVisibility>> AuthorVisibilityAsync(JadeDbContext db, List<long> textIds, CancellationToken cancellationToken)
    {
        var current = await db.Comments.Where(c => textIds.Contains(c.TextId)).Select(c => new { c.TextId, c.AuthorVisibility }).ToListAsync(cancellationToken);
        var earlier = await db.CommentRevisions.Where(r => textIds.Contains(r.TextId)).Join(db.Comments, r => r.CommentId, c => c.Id, (r, c) => new { r.TextId, c.AuthorVisibility })
            .ToListAsync(cancellationToken);
        var titles = await db.Threads.Where(t => textIds.Contains(t.TitleTextId)).Select(t => new { TextId = t.TitleTextId, t.AuthorVisibility }).ToListAsync(cancellationToken);
        var notes = await db.Proposals.Where(p => p.NotesTextId != null && textIds.Contains(p.NotesTextId.Value)).Select(p => new { TextId = p.NotesTextId!.Value, p.AuthorVisibility })
            .ToListAsync(cancellationToken);
        var endorsements = await db.Endorsements.Where(e => e.CommentTextId != null && textIds.Contains(e.CommentTextId.Value))
            .Select(e => new { TextId = e.CommentTextId!.Value, AuthorVisibility = e.UserVisibility }).ToListAsync(cancellationToken);
        var carried = await db.Events.Where(e => e.TextId != null && textIds.Contains(e.TextId.Value))
            .Select(e => new { TextId = e.TextId!.Value, AuthorVisibility = e.ActorVisibility }).ToListAsync(cancellationToken);
        return current.Concat(earlier).Concat(titles).Concat(notes).Concat(endorsements).Concat(carried)
            .GroupBy(x => x.TextId).ToDictionary(g => g.Key, g => g.Max(x => x.AuthorVisibility));
    }
}
