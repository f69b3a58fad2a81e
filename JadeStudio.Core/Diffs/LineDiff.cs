namespace JadeStudio.Core.Diffs;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>
/// Line diff by Myers' O(ND) algorithm (shortest edit script). Small and dependency-free: the
/// registry's DiffPlex drags in packages that break self-contained restore (DESIGN.md §1).
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compute(string? before, string? after)
    {
        var a = Split(before);
        var b = Split(after);
        var trace = ForwardTrace(a, b);
        return Backtrack(a, b, trace);
    }

    private static string[] Split(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Replace("\r\n", "\n").Split('\n');

    /// <summary>For each edit distance d, the furthest-reaching x on every diagonal k (V arrays).</summary>
    private static List<int[]> ForwardTrace(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length, max = n + m, offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    trace.Add((int[])v.Clone());
                    return trace;
                }
            }
        }
        return trace;
    }

    private static List<DiffLine> Backtrack(string[] a, string[] b, List<int[]> trace)
    {
        var result = new List<DiffLine>();
        int x = a.Length, y = b.Length, offset = a.Length + b.Length + 1;
        for (var d = trace.Count - 2; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            var previousK = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
            var previousX = v[offset + previousK];
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                result.Add(new DiffLine(DiffKind.Same, a[--x]));
                y--;
            }
            if (d > 0)
            {
                if (x == previousX)
                {
                    result.Add(new DiffLine(DiffKind.Added, b[--y]));
                }
                else
                {
                    result.Add(new DiffLine(DiffKind.Removed, a[--x]));
                }
            }
        }
        result.Reverse();
        return result;
    }
}
