using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Oversight;

/// <summary>
/// Where one item's hideable fields live: every stored text that ever was its text, and the user whose name
/// it carries. Proposals and endorsements may already be deleted; their texts and events still exist and
/// can still be hidden, so they are found through the event log too.
/// </summary>
internal sealed class ItemFields
{
    private ItemRef Item { get; init; } = default!;
    public long ArtifactId { get; private init; }
    public string? Wiki { get; private init; }
    public long UserId { get; private init; }
    public FieldVisibility UserVisibility { get; private init; }
    public IReadOnlyList<long> TextIds { get; private init; } = [];

    public static async Task<ItemFields> LoadAsync(JadeDbContext db, ItemRef item, CancellationToken cancellationToken)
    {
        var fields = item.Kind switch
        {
            ItemKind.Proposal => await ProposalAsync(db, item, cancellationToken),
            ItemKind.Endorsement => await EndorsementAsync(db, item, cancellationToken),
            ItemKind.Thread => await ThreadAsync(db, item, cancellationToken),
            ItemKind.Comment => await CommentAsync(db, item, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(item), item.Kind, null),
        } ?? throw new JadeException(new JadeError.EntityNotFound(ItemRef.NameOf(item.Kind)));
        var wiki = await db.Artifacts.Where(a => a.Id == fields.ArtifactId).Select(a => a.Wiki).SingleAsync(cancellationToken);
        return new ItemFields
        {
            Item = fields.Item,
            ArtifactId = fields.ArtifactId,
            Wiki = wiki,
            UserId = fields.UserId,
            UserVisibility = fields.UserVisibility,
            TextIds = fields.TextIds,
        };
    }

    /// <summary>Sets the user field on the item and on every event about it that names that user.</summary>
    public async Task SetUserVisibilityAsync(JadeDbContext db, FieldVisibility level, CancellationToken cancellationToken)
    {
        switch (Item.Kind)
        {
            case ItemKind.Proposal:
                if (await db.Proposals.SingleOrDefaultAsync(p => p.Id == Item.Id, cancellationToken) is { } proposal)
                {
                    proposal.AuthorVisibility = level;
                }
                break;
            case ItemKind.Endorsement:
                if (await db.Endorsements.SingleOrDefaultAsync(e => e.Id == Item.Id, cancellationToken) is { } endorsement)
                {
                    endorsement.UserVisibility = level;
                }
                break;
            case ItemKind.Thread:
                (await db.Threads.SingleAsync(t => t.Id == Item.Id, cancellationToken)).AuthorVisibility = level;
                break;
            case ItemKind.Comment:
                (await db.Comments.SingleAsync(c => c.Id == Item.Id, cancellationToken)).AuthorVisibility = level;
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        var about = await EventsAboutItemAsync(db, cancellationToken);
        await db.Events.Where(e => about.Contains(e.Seq) && e.ActorId == UserId).ExecuteUpdateAsync(e => e.SetProperty(x => x.ActorVisibility, level), cancellationToken);
        await db.Events.Where(e => about.Contains(e.Seq) && e.SubjectUserId == UserId).ExecuteUpdateAsync(e => e.SetProperty(x => x.SubjectVisibility, level), cancellationToken);
        await Campaigns.LabelEntries.FollowAsync(db, ArtifactId, UserId, cancellationToken);
    }

    /// <summary>
    /// The events about this item on its artifact. Proposals and endorsements are columns of the event; a thread
    /// or comment is named in the event's data, read here from the artifact's discussion events (a handful).
    /// </summary>
    private async Task<List<long>> EventsAboutItemAsync(JadeDbContext db, CancellationToken cancellationToken)
    {
        var onArtifact = db.Events.Where(e => e.ArtifactId == ArtifactId);
        switch (Item.Kind)
        {
            case ItemKind.Proposal:
                return await onArtifact.Where(e => e.ProposalId == Item.Id).Select(e => e.Seq).ToListAsync(cancellationToken);
            case ItemKind.Endorsement:
                return await onArtifact.Where(e => e.EndorsementId == Item.Id).Select(e => e.Seq).ToListAsync(cancellationToken);
            case ItemKind.Thread:
            case ItemKind.Comment:
                var (type, property) = Item.Kind == ItemKind.Thread ? ((EventType?)EventType.ThreadStarted, "threadId") : (null, "commentId");
                var discussion = await onArtifact.Where(e => e.Data != null && (type == null || e.Type == type)).Select(e => new { e.Seq, e.Data }).ToListAsync(cancellationToken);
                return discussion.Where(e => NamesItem(e.Data!, property)).Select(e => e.Seq).ToList();
            default:
                throw new InvalidOperationException();
        }
    }

    private bool NamesItem(string data, string property)
    {
        using var document = System.Text.Json.JsonDocument.Parse(data);
        return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
            && document.RootElement.TryGetProperty(property, out var id) && id.ValueKind == System.Text.Json.JsonValueKind.Number && id.GetInt64() == Item.Id;
    }

    /// <summary>
    /// The other item that carries the same user name: a thread's author is its opening comment's author, so
    /// hiding the name on either must hide it on both (otherwise the name stays readable beside the title).
    /// </summary>
    public static async Task<ItemRef?> SameAuthorItemAsync(JadeDbContext db, ItemRef item, CancellationToken cancellationToken)
    {
        switch (item.Kind)
        {
            case ItemKind.Thread:
                var opening = await OpeningCommentIdAsync(db, item.Id, cancellationToken);
                return opening is { } commentId ? new ItemRef(ItemKind.Comment, commentId) : null;
            case ItemKind.Comment:
                var threadId = await db.Comments.Where(c => c.Id == item.Id).Select(c => (long?)c.ThreadId).SingleOrDefaultAsync(cancellationToken);
                return threadId is { } thread && await OpeningCommentIdAsync(db, thread, cancellationToken) == item.Id ? new ItemRef(ItemKind.Thread, thread) : null;
            case ItemKind.Proposal:
            case ItemKind.Endorsement:
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(item), item.Kind, null);
        }
    }

    /// <summary>The comment a thread was started with: its first top-level post.</summary>
    private static Task<long?> OpeningCommentIdAsync(JadeDbContext db, long threadId, CancellationToken cancellationToken) =>
        db.Comments.Where(c => c.ThreadId == threadId && c.ParentId == null).OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);

    private static readonly EventType[] ProposalTextEvents = [EventType.ProposalCreated, EventType.ProposalNotesUpdated];
    private static readonly EventType[] EndorsementTextEvents = [EventType.EndorsementCreated, EventType.EndorsementMoved, EventType.EndorsementCommentUpdated];

    /// <summary>
    /// The events to look for a judgment's own among: its artifact's, through their index, while its row says which
    /// (its events carry that artifact); every event otherwise, for a judgment already withdrawn. Asked by the
    /// judgment alone, each oversight action on it read all events (none is indexed by proposal or endorsement).
    /// </summary>
    private static IQueryable<StoredEvent> EventsOf(JadeDbContext db, long? artifactId) =>
        artifactId is { } artifact ? db.Events.Where(e => e.ArtifactId == artifact) : db.Events;

    private static async Task<ItemFields?> ProposalAsync(JadeDbContext db, ItemRef item, CancellationToken cancellationToken)
    {
        var row = await db.Proposals.AsNoTracking().SingleOrDefaultAsync(p => p.Id == item.Id, cancellationToken);
        var events = EventsOf(db, row?.ArtifactId).Where(e => e.ProposalId == item.Id);
        var created = await events.AsNoTracking().SingleOrDefaultAsync(e => e.Type == EventType.ProposalCreated, cancellationToken);
        if (created is null && row is null)
        {
            return null;
        }
        var texts = await TextsOfEventsAsync(db, events.Where(e => e.EndorsementId == null), ProposalTextEvents, EventType.ProposalDeleted, cancellationToken);
        if (row?.NotesTextId is { } notes)
        {
            texts.Add(notes);
        }
        return new ItemFields
        {
            Item = item,
            ArtifactId = row?.ArtifactId ?? created!.ArtifactId!.Value,
            UserId = row?.AuthorId ?? created!.ActorId!.Value,
            UserVisibility = row?.AuthorVisibility ?? created!.ActorVisibility,
            TextIds = texts.ToList(),
        };
    }

    private static async Task<ItemFields?> EndorsementAsync(JadeDbContext db, ItemRef item, CancellationToken cancellationToken)
    {
        var row = await db.Endorsements.AsNoTracking().SingleOrDefaultAsync(e => e.Id == item.Id, cancellationToken);
        var events = EventsOf(db, row?.ArtifactId).Where(e => e.EndorsementId == item.Id);
        var created = await events.AsNoTracking().SingleOrDefaultAsync(e => e.Type == EventType.EndorsementCreated, cancellationToken);
        if (created is null && row is null)
        {
            return null;
        }
        var texts = await TextsOfEventsAsync(db, events, EndorsementTextEvents, EventType.EndorsementDeleted, cancellationToken);
        if (row?.CommentTextId is { } comment)
        {
            texts.Add(comment);
        }
        return new ItemFields
        {
            Item = item,
            ArtifactId = row?.ArtifactId ?? created!.ArtifactId!.Value,
            UserId = row?.UserId ?? created!.ActorId!.Value,
            UserVisibility = row?.UserVisibility ?? created!.ActorVisibility,
            TextIds = texts.ToList(),
        };
    }

    private static async Task<ItemFields?> ThreadAsync(JadeDbContext db, ItemRef item, CancellationToken cancellationToken) =>
        await db.Threads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == item.Id, cancellationToken) is { } thread
            ? new ItemFields { Item = item, ArtifactId = thread.ArtifactId, UserId = thread.AuthorId, UserVisibility = thread.AuthorVisibility, TextIds = [thread.TitleTextId] }
            : null;

    private static async Task<ItemFields?> CommentAsync(JadeDbContext db, ItemRef item, CancellationToken cancellationToken)
    {
        var found = await db.Comments.AsNoTracking().Where(c => c.Id == item.Id)
            .Join(db.Threads, c => c.ThreadId, t => t.Id, (c, t) => new { Comment = c, t.ArtifactId })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }
        var earlier = await db.CommentRevisions.Where(r => r.CommentId == item.Id).Select(r => r.TextId).ToListAsync(cancellationToken);
        return new ItemFields
        {
            Item = item,
            ArtifactId = found.ArtifactId,
            UserId = found.Comment.AuthorId,
            UserVisibility = found.Comment.AuthorVisibility,
            TextIds = [found.Comment.TextId, .. earlier],
        };
    }

    /// <summary>
    /// Texts the item's events carried as its text: the new and replaced text of creations and edits, and the
    /// replaced text of the deletion (whose own text is the deleter's reason, a different field).
    /// </summary>
    private static async Task<HashSet<long>> TextsOfEventsAsync(JadeDbContext db, IQueryable<StoredEvent> events, EventType[] edits, EventType deletion, CancellationToken cancellationToken)
    {
        var rows = await events.Where(e => edits.Contains(e.Type) || e.Type == deletion)
            .Select(e => new { e.Type, e.TextId, e.PreviousTextId }).ToListAsync(cancellationToken);
        return rows.SelectMany(e => e.Type == deletion ? [e.PreviousTextId] : new[] { e.TextId, e.PreviousTextId }).OfType<long>().ToHashSet();
    }
}
