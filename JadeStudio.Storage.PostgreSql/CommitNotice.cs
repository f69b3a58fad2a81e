using System.Globalization;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// What a node says on <see cref="PostgresStore.CommitChannel"/> when a transaction commits: which node, and the positions
/// its events got (contiguous: positions are given under one lock), or none.
/// </summary>
public readonly record struct CommitNotice(Guid Node, long FirstSeq, long LastSeq)
{
    public bool HasEvents => LastSeq > 0;

    public static string Format(Guid node, long firstSeq, long lastSeq) =>
        string.Create(CultureInfo.InvariantCulture, $"{node:N} {firstSeq} {lastSeq}");

    public static CommitNotice? Parse(string payload)
    {
        var parts = payload.Split(' ');
        return parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var node)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? new CommitNotice(node, first, last) : null;
    }
}
