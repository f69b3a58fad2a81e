using DiffPlex;
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

/// <summary>
/// One line of a diff. A line changed in place (removed and added again with some words kept) carries
/// <see cref="Words"/>, so a reader sees which words changed, as on a wiki's diff page.
/// </summary>
public sealed record DiffLine(DiffKind Kind, string Text, IReadOnlyList<DiffWords>? Words = null);

/// <summary>
/// The line diff of two texts the app holds itself (an upload's before and after text, a comment's versions), by
/// DiffPlex: each block of changed lines as its removed lines, then its added lines, and in a line changed in place
/// the words that changed.
/// </summary>
public static class LineDiff
{
    private static readonly SideBySideDiffBuilder Builder = new(new Differ());

    public static IReadOnlyList<DiffLine> Compute(string? before, string? after)
    {
        var model = Builder.BuildDiffModel(before ?? "", after ?? "", ignoreWhitespace: false);
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
