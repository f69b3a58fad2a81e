using JadeStudio.Core.Visibility;

namespace JadeStudio.Core.Discussions;

/// <summary>What a thread is about, besides its artifact.</summary>
public enum ThreadSubject
{
    Artifact,
    Proposal,
    Endorsement,
    Score,
}

/// <summary>A discussion rooted at an artifact; its title is a stored text (so it can be hidden like any text).</summary>
public sealed class DiscussionThread
{
    public long Id { get; set; }
    public long ArtifactId { get; set; }
    public long TitleTextId { get; set; }
    public long AuthorId { get; set; }
    public FieldVisibility AuthorVisibility { get; set; }
    public ThreadSubject Subject { get; set; }
    public long? SubjectId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public long? ResolvedById { get; set; }
}

/// <summary>A comment: the opening post of a thread or a reply to it (one level, in order).</summary>
public sealed class Comment
{
    public long Id { get; set; }
    public long ThreadId { get; set; }

    /// <summary>null for the thread's first post; otherwise the post replied to (always a top-level one).</summary>
    public long? ParentId { get; set; }

    public long AuthorId { get; set; }
    public FieldVisibility AuthorVisibility { get; set; }
    public long TextId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public int Version { get; set; } = 1;
}

/// <summary>An earlier text of an edited comment: editing keeps the history.</summary>
public sealed class CommentRevision
{
    public long Id { get; set; }
    public long CommentId { get; set; }
    public long TextId { get; set; }
    public DateTimeOffset ReplacedAt { get; set; }
}

/// <summary>A user watching an artifact.</summary>
public sealed class Watch
{
    public long UserId { get; set; }
    public long ArtifactId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Per user: watch everything they judge or comment on, and how far they have read.</summary>
public sealed class WatchState
{
    public long UserId { get; set; }
    public bool WatchOwnActivity { get; set; } = true;

    /// <summary>Events up to here are read.</summary>
    public long LastReadSeq { get; set; }
}
