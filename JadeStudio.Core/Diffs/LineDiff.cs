using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace JadeStudio.Core.Diffs;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>A run of words of a changed line: changed by the edit, or the same on both sides.</summary>
public sealed record DiffWords(bool Changed, string Text);

/// <summary>A row of a diff as it is shown: a line, or unchanged lines left out between the changes.</summary>
public abstract record DiffRow;

/// <summary>
/// One line of a diff. A line changed in place (removed and added again with some words kept) carries
/// <see cref="Words"/>, so a reader sees which words changed, as on a wiki's diff page.
/// </summary>
public sealed record DiffLine(DiffKind Kind, string Text, IReadOnlyList<DiffWords>? Words = null) : DiffRow;

/// <summary>Unchanged lines a diff leaves out: a wiki's diff page shows the changes and the lines around them only.</summary>
public sealed record DiffGap(int Lines) : DiffRow;

/// <summary>
/// The line diff of two texts the app holds itself (an upload's before and after text, a comment's versions), by
/// DiffPlex: each block of changed lines as its removed lines, then its added lines, and in a line changed in place
/// the words that changed.
/// </summary>
/// <remarks>
/// DiffPlex's work grows with the lines (and words) compared times the lines (and words) that differ, so two rewritten
/// texts of 40,000 words on one line took 9 s, of 50,000 short lines 7 s, and an upload can carry longer ones. As
/// MediaWiki does (its word-level diff skips lines over 10,000 characters), the diff stays within a budget and is then
/// coarser but still true: lines too long or too many to compare by word are shown whole, and texts too different to
/// compare line by line show the lines between their shared beginning and end as removed, then added.
/// </remarks>
public static class LineDiff
{
    /// <summary>Lines compared between the shared beginning and end, at most: DiffPlex's worst case for 40,000 is about a second here.</summary>
    public const int MaxComparedLines = 40_000;

    /// <summary>Lines compared times the lines that differ (a lower bound of the work), at most: about a quarter of a second.</summary>
    private const long MaxLineWork = 160_000_000;

    /// <summary>A line longer than this, or of more pieces, is not compared word by word (MediaWiki: 10,000 characters).</summary>
    private const int MaxWordLineLength = 10_000;

    /// <summary>Pieces (DiffPlex's words and the spaces and marks between them) of a line compared word by word, at most: about 2,000 words.</summary>
    private const int MaxPiecesPerLine = 4_000;

    /// <summary>Pieces compared in all of a diff's changed lines, at most: about half a second in the worst case.</summary>
    public const int MaxPiecesCompared = 200_000;

    private static readonly Differ Differ = new();

    public static IReadOnlyList<DiffLine> Compute(string? before, string? after)
    {
        var (oldLines, newLines) = (LineChunker.Instance.Chunk(before ?? ""), LineChunker.Instance.Chunk(after ?? ""));
        if (TooDifferent(oldLines, newLines) is { } shared)
        {
            return Replaced(oldLines, newLines, shared);
        }
        var model = SideBySideDiffBuilder.Diff(Differ, before ?? "", after ?? "", ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance, new WordsWithinBudget());
        var lines = new List<DiffLine>();
        var removed = new List<DiffLine>();
        var added = new List<DiffLine>();
        // DiffPlex aligns the two sides row by row: a row is the same on both, changed in place, or on one side only.
        for (var row = 0; row < model.OldText.Lines.Count; row++)
        {
            var (old, @new) = (model.OldText.Lines[row], model.NewText.Lines[row]);
            if (old.Type == ChangeType.Unchanged)
            {
                lines.AddRange(removed);
                lines.AddRange(added);
                removed.Clear();
                added.Clear();
                lines.Add(new DiffLine(DiffKind.Same, old.Text));
                continue;
            }
            if (old.Type != ChangeType.Imaginary)
            {
                removed.Add(new DiffLine(DiffKind.Removed, old.Text, WordsOf(old)));
            }
            if (@new.Type != ChangeType.Imaginary)
            {
                added.Add(new DiffLine(DiffKind.Added, @new.Text, WordsOf(@new)));
            }
        }
        lines.AddRange(removed);
        lines.AddRange(added);
        return lines;
    }

    /// <summary>
    /// The rows to show: each change with <paramref name="context"/> unchanged lines before and after it (MediaWiki shows
    /// two), the longer runs of unchanged lines between them left out as a <see cref="DiffGap"/> — a one-word edit of a
    /// long text would otherwise be a line somewhere in the whole text. A gap stands for two lines at least.
    /// </summary>
    public static IReadOnlyList<DiffRow> Fold(IReadOnlyList<DiffLine> lines, int context = 2)
    {
        var rows = new List<DiffRow>();
        var at = 0;
        while (at < lines.Count)
        {
            if (lines[at].Kind != DiffKind.Same)
            {
                rows.Add(lines[at++]);
                continue;
            }
            var start = at;
            while (at < lines.Count && lines[at].Kind == DiffKind.Same)
            {
                at++;
            }
            // The run [start, at): the lines after the change before it, and before the change after it, are kept.
            var (kept, keptAtEnd) = (start == 0 ? 0 : context, at == lines.Count ? 0 : context);
            var left = at - start - kept - keptAtEnd;
            if (left < 2)
            {
                rows.AddRange(lines.Skip(start).Take(at - start));
                continue;
            }
            rows.AddRange(lines.Skip(start).Take(kept));
            rows.Add(new DiffGap(left));
            rows.AddRange(lines.Skip(at - keptAtEnd).Take(keptAtEnd));
        }
        return rows;
    }

    /// <summary>
    /// The lines both texts begin and end with, when the lines between them are too many or too different to compare
    /// within the budget; null when they can be compared.
    /// </summary>
    private static (int Head, int Tail)? TooDifferent(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var head = 0;
        while (head < oldLines.Count && head < newLines.Count && oldLines[head] == newLines[head])
        {
            head++;
        }
        var tail = 0;
        while (tail < oldLines.Count - head && tail < newLines.Count - head && oldLines[oldLines.Count - 1 - tail] == newLines[newLines.Count - 1 - tail])
        {
            tail++;
        }
        long compared = oldLines.Count + newLines.Count - 2 * (head + tail);
        if (compared > MaxComparedLines)
        {
            return (head, tail);
        }
        // Lines found more often on one side than on the other each cost at least one step of the diff.
        var balance = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in oldLines.Skip(head).Take(oldLines.Count - head - tail))
        {
            balance[line] = balance.GetValueOrDefault(line) + 1;
        }
        foreach (var line in newLines.Skip(head).Take(newLines.Count - head - tail))
        {
            balance[line] = balance.GetValueOrDefault(line) - 1;
        }
        var differing = balance.Values.Sum(count => (long)Math.Abs(count));
        return compared * differing > MaxLineWork ? (head, tail) : null;
    }

    /// <summary>The shared beginning, every line between as removed then added (whole), the shared end.</summary>
    private static List<DiffLine> Replaced(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines, (int Head, int Tail) shared)
    {
        var lines = new List<DiffLine>(oldLines.Count + newLines.Count - shared.Head - shared.Tail);
        lines.AddRange(oldLines.Take(shared.Head).Select(line => new DiffLine(DiffKind.Same, line)));
        lines.AddRange(oldLines.Skip(shared.Head).Take(oldLines.Count - shared.Head - shared.Tail).Select(line => new DiffLine(DiffKind.Removed, line)));
        lines.AddRange(newLines.Skip(shared.Head).Take(newLines.Count - shared.Head - shared.Tail).Select(line => new DiffLine(DiffKind.Added, line)));
        lines.AddRange(oldLines.Skip(oldLines.Count - shared.Tail).Select(line => new DiffLine(DiffKind.Same, line)));
        return lines;
    }

    /// <summary>DiffPlex's words of a changed line, or the line as one word once it is too long or the diff's budget is spent.</summary>
    private sealed class WordsWithinBudget : IChunker
    {
        private int _left = MaxPiecesCompared;

        public IReadOnlyList<string> Chunk(string text)
        {
            if (text.Length > MaxWordLineLength || _left <= 0)
            {
                return [text];
            }
            var pieces = WordChunker.Instance.Chunk(text);
            if (pieces.Count > MaxPiecesPerLine || pieces.Count > _left)
            {
                return [text];
            }
            _left -= pieces.Count;
            return pieces;
        }
    }

    /// <summary>A line changed in place as runs of changed and kept words; null for a line only on one side.</summary>
    private static List<DiffWords>? WordsOf(DiffPiece line)
    {
        if (line.Type != ChangeType.Modified)
        {
            return null;
        }
        var runs = new List<DiffWords>();
        foreach (var word in line.SubPieces)
        {
            var changed = word.Type switch
            {
                ChangeType.Unchanged => false,
                ChangeType.Deleted or ChangeType.Inserted or ChangeType.Modified => true,
                // A place where the other side has a word: nothing on this side.
                ChangeType.Imaginary => (bool?)null,
                _ => throw new ArgumentOutOfRangeException(nameof(line), word.Type, "A word is kept, changed or absent."),
            };
            if (changed is not { } isChanged || string.IsNullOrEmpty(word.Text))
            {
                continue;
            }
            if (runs.Count > 0 && runs[^1].Changed == isChanged)
            {
                runs[^1] = runs[^1] with { Text = runs[^1].Text + word.Text };
            }
            else
            {
                runs.Add(new DiffWords(isChanged, word.Text));
            }
        }
        return runs;
    }
}
