using JadeStudio.Core.Permissions;

namespace JadeStudio.Core.Visibility;

/// <summary>Visibility of one field (a text, or the user name on one item), as in MediaWiki's revision deletion.</summary>
public enum FieldVisibility
{
    Visible = 0,
    /// <summary>Hidden from the public; seen with <c>viewdeleted</c>.</summary>
    Deleted = 1,
    /// <summary>Seen only with <c>viewsuppressed</c>.</summary>
    Suppressed = 2,
}

/// <summary>
/// Free text (notes, comments, reasons) is stored once in its own row; events and items point
/// at it, so hiding the row hides it everywhere at once.
/// </summary>
public sealed class StoredText
{
    public long Id { get; set; }
    public string Content { get; set; } = "";
    public FieldVisibility Visibility { get; set; }
}

/// <summary>A text as one viewer may see it. When hidden, <see cref="Value"/> is null and nothing about it is kept.</summary>
public sealed record RedactedText(string? Value, bool Hidden, FieldVisibility Level)
{
    public static readonly RedactedText None = new(null, false, FieldVisibility.Visible);
}

/// <summary>A user reference as one viewer may see it; a hidden user has neither name nor id.</summary>
public sealed record RedactedUser(long? Id, string? Name, bool Hidden, FieldVisibility Level);

/// <summary>
/// The single redaction function: every output (pages, API, feed, exports, search) reads text
/// and user names through it with the viewer's rights (DESIGN.md §4).
/// </summary>
public static class Redaction
{
    public static bool CanSee(FieldVisibility level, IReadOnlySet<Right> viewerRights) => level switch
    {
        FieldVisibility.Visible => true,
        FieldVisibility.Deleted => viewerRights.Contains(Right.ViewDeleted) || viewerRights.Contains(Right.ViewSuppressed),
        FieldVisibility.Suppressed => viewerRights.Contains(Right.ViewSuppressed),
        _ => false,
    };

    /// <summary>The most hidden level this viewer sees: two viewers with the same answer see the same redacted values.</summary>
    public static FieldVisibility MostHiddenSeenBy(IReadOnlySet<Right> viewerRights) =>
        CanSee(FieldVisibility.Suppressed, viewerRights) ? FieldVisibility.Suppressed
        : CanSee(FieldVisibility.Deleted, viewerRights) ? FieldVisibility.Deleted
        : FieldVisibility.Visible;

    public static RedactedText Text(StoredText? text, IReadOnlySet<Right> viewerRights) =>
        text is null ? RedactedText.None
        : CanSee(text.Visibility, viewerRights) ? new RedactedText(text.Content, false, text.Visibility)
        : new RedactedText(null, true, text.Visibility);

    /// <summary>
    /// A user on an item: hidden when the item's user field is hidden from the viewer, or when the
    /// whole account is hidden (hideuser, a suppression).
    /// </summary>
    public static RedactedUser User(long userId, string name, FieldVisibility onItem, bool accountHidden, IReadOnlySet<Right> viewerRights)
    {
        var level = accountHidden ? FieldVisibility.Suppressed : onItem;
        return CanSee(level, viewerRights)
            ? new RedactedUser(userId, name, false, level)
            : new RedactedUser(null, null, true, level);
    }
}
