namespace JadeStudio.Core.WikiContent;

/// <summary>A revision's metadata as last read from its wiki. Parts the wiki hides are null here too: never stored.</summary>
public sealed class CachedRevision
{
    public required string Wiki { get; set; }
    public long RevId { get; set; }
    public long ParentId { get; set; }
    public long PageId { get; set; }
    public int Namespace { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string? User { get; set; }
    public long? UserId { get; set; }
    public bool Anonymous { get; set; }
    public string? Comment { get; set; }
    public long Size { get; set; }
    public long? ParentSize { get; set; }

    /// <summary>The change tags, one per line.</summary>
    public string Tags { get; set; } = "";

    public bool Minor { get; set; }
    public bool UserHidden { get; set; }
    public bool CommentHidden { get; set; }
    public bool TextHidden { get; set; }
    public bool Suppressed { get; set; }
    public DateTimeOffset FetchedAt { get; set; }

    public static CachedRevision From(WikiRevision revision, DateTimeOffset now) => new()
    {
        Wiki = revision.Wiki,
        RevId = revision.RevId,
        ParentId = revision.ParentId,
        PageId = revision.PageId,
        Namespace = revision.Namespace,
        Title = revision.Title,
        Timestamp = revision.Timestamp,
        User = revision.Hidden.User ? null : revision.User,
        UserId = revision.Hidden.User ? null : revision.UserId,
        Anonymous = revision.Anonymous,
        Comment = revision.Hidden.Comment ? null : revision.Comment,
        Size = revision.Size,
        ParentSize = revision.ParentSize,
        Tags = string.Join('\n', revision.Tags),
        Minor = revision.Minor,
        UserHidden = revision.Hidden.User,
        CommentHidden = revision.Hidden.Comment,
        TextHidden = revision.Hidden.Text,
        Suppressed = revision.Hidden.Suppressed,
        FetchedAt = now,
    };

    public WikiRevision ToRevision() => new(Wiki, RevId, ParentId, PageId, Namespace, Title, Timestamp, User, UserId, Anonymous, Comment, Size, ParentSize,
        Tags.Length == 0 ? [] : Tags.Split('\n'), Minor, new WikiHiding(UserHidden, CommentHidden, TextHidden, Suppressed));
}

/// <summary>An edit's diff as last read from its wiki, already sanitised. A revision whose text is hidden has none.</summary>
public sealed class CachedDiff
{
    public required string Wiki { get; set; }
    public long RevId { get; set; }
    public long? FromRevId { get; set; }
    public long SizeChange { get; set; }
    public required string Html { get; set; }
    public DateTimeOffset FetchedAt { get; set; }
}

/// <summary>A diff ready to show: sanitised table HTML, the parent it compares with (null: the page's creation).</summary>
public sealed record RenderedDiff(string Wiki, long RevId, long? FromRevId, long SizeChange, string Html);

/// <summary>A page as of a revision, ready to show: its title and sanitised HTML.</summary>
public sealed record RenderedPage(string Wiki, long RevId, string Title, string Html);
