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

    private static string Sentence(int words, int seed) => string.Join(' ', Enumerable.Range(0, words).Select(i => $"w{(i * 7919 + seed) % 100_003}"));

    /// <summary>The same sentence with its middle word changed.</summary>
    private static string Edited(string sentence)
    {
        var words = sentence.Split(' ');
        words[words.Length / 2] = "CHANGED";
        return string.Join(' ', words);
    }

    /// <summary>
    /// Two versions of a long line (a one-line JSON text, a paragraph without breaks) were compared word by word however
    /// long: 40,000 words took DiffPlex 9 s, holding the labeler's page. Beyond the limit the line is shown changed whole.
    /// </summary>
    [Fact]
    public void A_line_of_more_words_than_the_limit_is_shown_changed_whole_and_a_shorter_one_word_by_word()
    {
        var shortLine = Sentence(1_000, 1); // 7,900 characters
        var manyWords = string.Join(' ', Enumerable.Range(0, 2_500).Select(i => ((char)('a' + i % 26)).ToString())); // 5,000 characters
        var longLine = Sentence(3_000, 2); // 23,000 characters

        var compared = LineDiff.Compute(shortLine, Edited(shortLine));

        Assert.Equal("[CHANGED]", string.Concat(compared[1].Words!.Where(r => r.Changed).Select(r => "[" + r.Text + "]")));
        foreach (var line in new[] { manyWords, longLine })
        {
            Assert.Equal([(true, Edited(line))], LineDiff.Compute(line, Edited(line))[1].Words!.Select(r => (r.Changed, r.Text)));
        }
    }

    /// <summary>Word by word until the diff's budget of words is spent; the lines after it are shown changed whole.</summary>
    [Fact]
    public void Once_the_diffs_words_are_spent_its_later_changed_lines_are_shown_whole()
    {
        var lines = Enumerable.Range(0, 60).Select(i => Sentence(1_200, i)).ToList(); // 8,500 characters each

        var diff = LineDiff.Compute(string.Join('\n', lines), string.Join('\n', lines.Select(Edited)));

        var added = diff.Where(l => l.Kind == DiffKind.Added).ToList();
        Assert.Equal(60, added.Count);
        Assert.Equal(["CHANGED"], added[0].Words!.Where(r => r.Changed).Select(r => r.Text.Trim()));
        Assert.Equal([(true, added[^1].Text)], added[^1].Words!.Select(r => (r.Changed, r.Text)));
        // Each line is 1,200 words and the 1,199 spaces between them.
        Assert.InRange(added.Count(l => l.Words!.Count > 1), 20, LineDiff.MaxPiecesCompared / (2 * 2_399));
    }

    /// <summary>
    /// Texts too different to compare line by line within the budget (50,000 short lines each took 7 s) keep their
    /// shared beginning and end, and show every line between as removed, then added: coarser, still a true diff.
    /// </summary>
    /// <param name="lines">Lines on each side: 25,000 are more than <see cref="LineDiff.MaxComparedLines"/> together; 12,000 fewer, but all differ.</param>
    [Theory]
    [InlineData(25_000)]
    [InlineData(12_000)]
    public void Texts_too_different_to_compare_show_the_lines_between_their_shared_ends_as_replaced(int lines)
    {
        var before = "head\n" + string.Join('\n', Enumerable.Range(0, lines).Select(i => $"old {i}")) + "\ntail";
        var after = "head\n" + string.Join('\n', Enumerable.Range(0, lines).Select(i => $"new {i}")) + "\ntail";

        var diff = LineDiff.Compute(before, after);

        Assert.Equal(" head|-old 0|-old 1", Render(diff.Take(3).ToList()));
        Assert.Equal("+new 0", Render([diff[lines + 1]]));
        Assert.Equal($"+new {lines - 1}| tail", Render(diff.TakeLast(2).ToList()));
        Assert.All(diff, line => Assert.Null(line.Words));
        Assert.Equal(before, string.Join("\n", diff.Where(l => l.Kind != DiffKind.Added).Select(l => l.Text)));
        Assert.Equal(after, string.Join("\n", diff.Where(l => l.Kind != DiffKind.Removed).Select(l => l.Text)));
    }

    /// <summary>A long text with a few edits far apart is compared line by line and word by word, however long it is between them.</summary>
    [Fact]
    public void A_long_text_with_a_few_edits_far_apart_is_still_compared_line_by_line()
    {
        var lines = Enumerable.Range(0, 19_000).Select(i => $"line {i} of the article").ToList();
        var edited = lines.Select((line, i) => i % 1_000 == 1 ? line.Replace("of", "in", StringComparison.Ordinal) : line).ToList();

        var diff = LineDiff.Compute(string.Join('\n', lines), string.Join('\n', edited));

        Assert.Equal(19, diff.Count(l => l.Kind == DiffKind.Removed));
        Assert.Equal(19, diff.Count(l => l.Kind == DiffKind.Added));
        Assert.Equal(" line 0 of the article|-line 1 of the article|+line 1 in the article| line 2 of the article", Render(diff.Take(4).ToList()));
        Assert.Equal(["in"], diff[2].Words!.Where(r => r.Changed).Select(r => r.Text));
    }

    private static string Shown(IReadOnlyList<DiffRow> rows) =>
        string.Join("|", rows.Select(row => row is DiffGap gap ? $"…{gap.Lines}" : Render([(DiffLine)row])));

    /// <summary>As on a wiki's diff page: each change with two unchanged lines around it, the runs between left out and counted.</summary>
    [Fact]
    public void A_shown_diff_keeps_two_lines_around_each_change_and_counts_the_lines_it_leaves_out()
    {
        var before = Enumerable.Range(0, 30).Select(i => $"l{i}").ToList();
        var after = before.Select((line, i) => i is 10 or 25 ? "L" + line[1..] : line).ToList();

        var rows = LineDiff.Fold(LineDiff.Compute(string.Join('\n', before), string.Join('\n', after)));

        Assert.Equal("…8| l8| l9|-l10|+L10| l11| l12|…10| l23| l24|-l25|+L25| l26| l27|…2", Shown(rows));
    }

    [Fact]
    public void One_unchanged_line_between_contexts_is_shown_and_texts_without_a_change_are_one_gap()
    {
        var close = LineDiff.Fold(LineDiff.Compute("a\nb\nc\nd\ne\nf\ng", "A\nb\nc\nd\ne\nf\nG"));
        var same = LineDiff.Fold(LineDiff.Compute("a\nb\nc", "a\nb\nc"));

        Assert.Equal("-a|+A| b| c| d| e| f|-g|+G", Shown(close));
        Assert.Equal("…3", Shown(same));
    }
}
