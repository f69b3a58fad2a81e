using JadeStudio.Core.Visibility;

namespace JadeStudio.Core.Events;

/// <summary>Every kind of change. Stored by name, so the numbering may change but names may not.</summary>
public enum EventType
{
    ProposalCreated,
    ProposalNotesUpdated,
    ProposalDeleted,
    PreferenceSet,
    EndorsementCreated,
    EndorsementMoved,
    EndorsementCommentUpdated,
    EndorsementDeleted,
    BlockCreated,
    BlockLifted,
    ArtifactsImported,
    GroupAdded,
    GroupRemoved,
    CampaignCreated,
    CampaignUpdated,
    TasksImported,
    WorksetAssigned,
    WorksetAbandoned,
    CampaignLabelSaved,
    CampaignTaskSkipped,
    ModelReported,
    ScoresImported,
    ThreadStarted,
    CommentPosted,
    CommentEdited,
    ThreadResolved,
    ThreadReopened,
    /// <summary>A log entry: a field was deleted, suppressed or restored (deletion or suppression log, by <see cref="EventAudience"/>).</summary>
    VisibilityChanged,
    /// <summary>Public and without performer: a field already published is now hidden; consumers drop it.</summary>
    ItemRedacted,
    /// <summary>Public and without performer: a hidden field is visible again; consumers may fetch it anew.</summary>
    ItemRestored,
    OversightRequested,
    OversightRequestClosed,
    RollbackPerformed,
    RollbackUndone,
}

/// <summary>Who may read an event at all, in the feed, histories and logs.</summary>
public enum EventAudience
{
    Public = 0,
    /// <summary>Deletion log entries: readers with <c>viewdeleted</c>.</summary>
    DeletionLog = 1,
    /// <summary>Suppression log entries (and hide-user blocks): readers with <c>suppressionlog</c> only.</summary>
    SuppressionLog = 2,
}

/// <summary>
/// One entry of the append-only event log. <see cref="Seq"/> is commit-ordered (a single writer
/// assigns it). Entities are named by id; text lives in <see cref="StoredText"/> rows and is
/// resolved (and redacted) on read.
/// </summary>
public sealed class StoredEvent
{
    public long Seq { get; set; }
    public EventType Type { get; set; }
    public DateTimeOffset At { get; set; }
    public long? ActorId { get; set; }

    /// <summary>Visibility of the performer's name on this entry.</summary>
    public FieldVisibility ActorVisibility { get; set; }

    /// <summary>Visibility of the subject user's name on this entry (hidden with the item it is about).</summary>
    public FieldVisibility SubjectVisibility { get; set; }

    public EventAudience Audience { get; set; }

    public string? Wiki { get; set; }
    public long? ArtifactId { get; set; }
    public string? Facet { get; set; }
    public long? ProposalId { get; set; }
    public long? EndorsementId { get; set; }

    /// <summary>The other user an action was about (e.g. whose endorsement was removed, who was blocked).</summary>
    public long? SubjectUserId { get; set; }

    /// <summary>Label data the event is about (canonical JSON), e.g. of the proposal created or deleted.</summary>
    public string? LabelData { get; set; }

    /// <summary>Label data it moved away from / replaced (endorsement moves, preference changes).</summary>
    public string? PreviousLabelData { get; set; }

    /// <summary>The text the event carries (notes, comment, reason), resolved through redaction on read.</summary>
    public long? TextId { get; set; }

    /// <summary>The text it replaced, for edits of notes and comments.</summary>
    public long? PreviousTextId { get; set; }

    /// <summary>Small machine-readable details (JSON), never free text.</summary>
    public string? Data { get; set; }

    /// <summary>Space-separated change tags (set by abuse filters), or null.</summary>
    public string? Tags { get; set; }

    /// <summary>
    /// An event about an item whose user name is hidden (an edit, a move, a withdrawal, a rollback, made after the name
    /// was hidden) keeps that name hidden where it names the same user, as performer or as subject: otherwise the
    /// feed, histories and contributions would say whose item it is.
    /// </summary>
    public StoredEvent KeepingHidden(long itemUserId, FieldVisibility onItem)
    {
        if (ActorId == itemUserId && onItem > ActorVisibility)
        {
            ActorVisibility = onItem;
        }
        if (SubjectUserId == itemUserId && onItem > SubjectVisibility)
        {
            SubjectVisibility = onItem;
        }
        return this;
    }

    /// <summary>
    /// Whether this change can hide or reveal what an open page already shows: a field's visibility, an account hidden
    /// or shown again by a block, a group and so someone's rights. A live page reads what it shows again, for its
    /// viewer's rights, instead of keeping on screen what the viewer may no longer see.
    /// </summary>
    public bool MayChangeWhatViewersSee() => Type switch
    {
        EventType.VisibilityChanged or EventType.ItemRedacted or EventType.ItemRestored => true,
        EventType.GroupAdded or EventType.GroupRemoved => true,
        // Only a hide-user block is in the suppression log (BlockService.PlaceAsync).
        EventType.BlockCreated or EventType.BlockLifted => Audience == EventAudience.SuppressionLog,
        _ => false,
    };
}
