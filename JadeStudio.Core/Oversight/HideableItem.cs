using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;

namespace JadeStudio.Core.Oversight;

/// <summary>The kinds of item that carry hideable fields.</summary>
public enum ItemKind
{
    Proposal,
    Endorsement,
    Thread,
    Comment,
}

/// <summary>
/// The two hideable fields of every item: its free text (a proposal's notes, an endorsement's comment,
/// a thread's title, a comment's text) and the name of the user who made it.
/// </summary>
public enum HideableField
{
    Text,
    User,
}

public sealed record ItemRef(ItemKind Kind, long Id)
{
    /// <summary>The API and log name of a kind or field, e.g. <c>comment</c>.</summary>
    public static string NameOf<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

public sealed record VisibilityRequest(ItemRef Item, HideableField Field, FieldVisibility Level, string Reason);

public enum VisibilityProblem
{
    NoReason,
    /// <summary>The item has no such text (e.g. a proposal without notes).</summary>
    NoText,
}

/// <summary>What one visibility change did; <see cref="From"/> equal to <see cref="To"/> never happens (that is refused).</summary>
public sealed record VisibilityChange(ItemRef Item, HideableField Field, FieldVisibility From, FieldVisibility To, long ArtifactId);

public static class VisibilityRights
{
    /// <summary>
    /// The right a change between two levels needs: anything touching the suppressed level needs <c>suppress</c>,
    /// otherwise <c>deletecontent</c>. Restoring needs the same right as hiding did.
    /// </summary>
    public static Right Needed(FieldVisibility from, FieldVisibility to) =>
        from == FieldVisibility.Suppressed || to == FieldVisibility.Suppressed ? Right.Suppress : Right.DeleteContent;

    /// <summary>The levels this viewer can choose between, for the UI (empty when they can change nothing).</summary>
    public static IReadOnlyList<FieldVisibility> Choosable(IReadOnlySet<Right> rights) =>
        rights.Contains(Right.Suppress) ? [FieldVisibility.Visible, FieldVisibility.Deleted, FieldVisibility.Suppressed]
        : rights.Contains(Right.DeleteContent) ? [FieldVisibility.Visible, FieldVisibility.Deleted]
        : [];
}
