using JadeStudio.Core.Diffs;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Visibility;

namespace JadeStudio.Tests.Core.Discussions;

/// <summary>What each edit of a comment changed, as one viewer may see it.</summary>
public sealed class CommentEditChangesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static RedactedText Visible(string text) => new(text, false, FieldVisibility.Visible);

    private static readonly RedactedText Hidden = new(null, true, FieldVisibility.Deleted);

    private static CommentView Comment(RedactedText now, params RedactedText[] earlier) =>
        new(1, null, new RedactedUser(2, "Bob", false, FieldVisibility.Visible), 2, now, At, At, earlier.Length + 1, [.. earlier.Select(text => (At, text))], []);

    private static string? Added(IReadOnlyList<DiffLine>? change) =>
        change is null ? null : string.Join("|", change.Where(l => l.Kind == DiffKind.Added).SelectMany(l => l.Words ?? []).Where(w => w.Changed).Select(w => w.Text.Trim()));

    [Fact]
    public void Each_earlier_text_is_compared_with_the_text_that_replaced_it()
    {
        var changes = Comment(Visible("one two three"), Visible("one"), Visible("one two")).EditChanges();

        Assert.Equal(["two", "three"], changes.Select(Added));
    }

    [Fact]
    public void An_edit_next_to_a_hidden_text_has_no_diff()
    {
        Assert.Equal([null, "three"], Comment(Visible("one two three"), Visible("one"), Hidden, Visible("one two")).EditChanges().Select(Added).Skip(1));
        Assert.Null(Comment(Hidden, Visible("one")).EditChanges().Single());
        Assert.Empty(Comment(Visible("never edited")).EditChanges());
    }
}
