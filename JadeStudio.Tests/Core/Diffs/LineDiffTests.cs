using JadeStudio.Core.Diffs;

namespace JadeStudio.Tests.Core.Diffs;

public class LineDiffTests
{
    private static string Render(IReadOnlyList<DiffLine> diff) =>
        string.Join("|", diff.Select(l => (l.Kind switch { DiffKind.Same => " ", DiffKind.Removed => "-", DiffKind.Added => "+", _ => "?" }) + l.Text));

    [Fact]
    public void Identical_texts_are_all_same() => Assert.Equal(" a| b", Render(LineDiff.Compute("a\nb", "a\nb")));

    [Fact]
    public void A_changed_line_is_removed_then_added() => Assert.Equal(" a|-b|+B| c", Render(LineDiff.Compute("a\nb\nc", "a\nB\nc")));

    [Fact]
    public void Insertions_and_deletions_are_minimal() =>
        Assert.Equal(" x|+y| z|-w", Render(LineDiff.Compute("x\nz\nw", "x\ny\nz")));

    [Fact]
    public void An_empty_before_is_all_added() => Assert.Equal("+new|+page", Render(LineDiff.Compute(null, "new\npage")));

    [Fact]
    public void An_empty_after_is_all_removed() => Assert.Equal("-old", Render(LineDiff.Compute("old", "")));

    [Fact]
    public void The_diff_rebuilds_both_texts()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var before = string.Join("\n", Enumerable.Range(0, random.Next(0, 12)).Select(_ => ((char)('a' + random.Next(4))).ToString()));
            var after = string.Join("\n", Enumerable.Range(0, random.Next(0, 12)).Select(_ => ((char)('a' + random.Next(4))).ToString()));
            var diff = LineDiff.Compute(before, after);
            Assert.Equal(before, string.Join("\n", diff.Where(l => l.Kind != DiffKind.Added).Select(l => l.Text)));
            Assert.Equal(after, string.Join("\n", diff.Where(l => l.Kind != DiffKind.Removed).Select(l => l.Text)));
        }
    }
}
