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

    private static string Words(DiffLine line) =>
        line.Words is { } runs ? string.Concat(runs.Select(r => r.Changed ? "[" + r.Text + "]" : r.Text)) : "(whole line)";

    [Fact]
    public void A_line_changed_in_place_marks_the_words_that_changed_on_each_side()
    {
        var diff = LineDiff.Compute("Intro\nThe quick brown fox jumps over it.\nEnd", "Intro\nThe quick red fox jumped over it.\nEnd");

        Assert.Equal(" Intro|-The quick brown fox jumps over it.|+The quick red fox jumped over it.| End", Render(diff));
        Assert.Equal("The quick [brown] fox [jumps] over it.", Words(diff[1]));
        Assert.Equal("The quick [red] fox [jumped] over it.", Words(diff[2]));
        Assert.Null(diff[0].Words);
    }

    [Fact]
    public void A_line_only_on_one_side_is_whole_and_a_block_shows_its_removed_lines_before_its_added_ones()
    {
        var diff = LineDiff.Compute("keep\nold one\nold two\nkeep", "keep\nnew one\nnew two\nadded\nkeep");

        Assert.Equal(" keep|-old one|-old two|+new one|+new two|+added| keep", Render(diff));
        Assert.Equal("[old] one", Words(diff[1]));
        Assert.Equal("[new] two", Words(diff[4]));
        Assert.Equal("(whole line)", Words(diff[5]));
    }

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

    [Fact]
    public void The_words_of_a_changed_line_rebuild_it()
    {
        var random = new Random(11);
        var changedInPlace = 0;
        string Sentence() => string.Join(random.Next(3) == 0 ? ", " : " ", Enumerable.Range(0, random.Next(1, 8)).Select(_ => new[] { "řeka", "Nil", "teče", "do", "moře", "." }[random.Next(6)]));
        for (var round = 0; round < 200; round++)
        {
            foreach (var line in LineDiff.Compute(Sentence() + "\n" + Sentence(), Sentence() + "\n" + Sentence()))
            {
                if (line.Words is { } runs)
                {
                    Assert.Equal(line.Text, string.Concat(runs.Select(r => r.Text)));
                    changedInPlace++;
                }
            }
        }
        // Most random pairs of sentences share words: the rounds must have checked lines changed in place.
        Assert.True(changedInPlace > 100, $"only {changedInPlace} lines changed in place");
    }
}
