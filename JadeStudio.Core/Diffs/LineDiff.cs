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

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>The line diff of two texts the app holds itself (an upload's before and after text), by DiffPlex.</summary>
public static class LineDiff
{
    private static readonly InlineDiffBuilder Builder = new(new Differ());

    public static IReadOnlyList<DiffLine> Compute(string? before, string? after) =>
        Builder.BuildDiffModel(before ?? "", after ?? "", ignoreWhitespace: false).Lines
            .Where(line => line.Type != ChangeType.Imaginary)
            .Select(line => new DiffLine(line.Type switch
            {
                ChangeType.Inserted => DiffKind.Added,
                ChangeType.Deleted => DiffKind.Removed,
                ChangeType.Unchanged or ChangeType.Modified => DiffKind.Same,
                _ => throw new ArgumentOutOfRangeException(nameof(before), line.Type, "Inline diffs have no other kind of line."),
            }, line.Text))
            .ToList();
}
