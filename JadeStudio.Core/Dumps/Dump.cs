namespace JadeStudio.Core.Dumps;

public enum DumpKind
{
    /// <summary>Redacted exactly as an anonymous reader sees the data; anyone may download it.</summary>
    Public,
    /// <summary>Every recorded action with every field, hidden ones included: right <c>viewprivatedumps</c>.</summary>
    Full,
}

public enum DumpState
{
    Writing,
    Ready,
    Failed,
}

/// <summary>
/// One dump: a directory of files (one JSON Lines file and one Parquet file per table, a manifest, for public dumps a
/// redaction list) consistent with one position of the event feed. This row is what the list shows and what a download
/// is checked against; the files live under <see cref="DumpOptions.Directory"/>.
/// </summary>
public sealed class Dump
{
    public long Id { get; set; }
    public DumpKind Kind { get; set; }
    public DumpState State { get; set; }

    /// <summary>The last event (sequence number) the dump includes: a consumer continues the feed after it.</summary>
    public long Position { get; set; }

    /// <summary>
    /// Redactions up to this event are applied to the files (the position when written; later when rewritten). A
    /// redaction after it makes a public dump unavailable until the files are checked and, if they contain it, rewritten.
    /// </summary>
    public long RedactedThrough { get; set; }

    /// <summary>Rows written so far and rows to write (progress while writing).</summary>
    public long Done { get; set; }
    public long Total { get; set; }

    /// <summary>The size of all its files.</summary>
    public long Bytes { get; set; }

    /// <summary>How many items and fields its redaction list names (public dumps).</summary>
    public int Redactions { get; set; }

    /// <summary>Why it failed, for operators (an exception's type, never data).</summary>
    public string? Problem { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When its files were last rewritten to apply a redaction made after it was written.</summary>
    public DateTimeOffset? RewrittenAt { get; set; }

    /// <summary>The directory name of its files under the dumps directory.</summary>
    public string DirectoryName => $"{Id:D6}-{Kind.ToString().ToLowerInvariant()}";
}
