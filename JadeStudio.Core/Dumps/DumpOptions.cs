namespace JadeStudio.Core.Dumps;

/// <summary>"JadeStudio:Dumps": where dumps are written, when, and how many are kept.</summary>
public sealed class DumpOptions
{
    public const string Section = "JadeStudio:Dumps";

    /// <summary>
    /// Where the files go. Default: <c>dumps</c> in the data directory. With several nodes, a directory they all share
    /// (any node may run the job; any node serves downloads).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>When the scheduled dumps run (a Quartz cron expression: seconds first); once across all nodes. Empty: only on demand.</summary>
    public string Schedule { get; set; } = "0 30 3 * * ?";

    /// <summary>How many ready dumps of each kind are kept; older ones are deleted after a new one is written.</summary>
    public int KeepPublic { get; set; } = 7;

    public int KeepFull { get; set; } = 3;

    /// <summary>Rows per Parquet row group (and per read from the database): what a writer holds in memory at once.</summary>
    public int BatchRows { get; set; } = 10_000;

    /// <summary>Limits of the public query page (DuckDB over the latest public dump).</summary>
    public QueryLimits Query { get; set; } = new();
}

public sealed class QueryLimits
{
    public double TimeoutSeconds { get; set; } = 10;
    public int MaxRows { get; set; } = 5_000;
    public int MemoryMegabytes { get; set; } = 256;
    public int Threads { get; set; } = 2;

    /// <summary>The longest SQL text accepted (characters).</summary>
    public int MaxLength { get; set; } = 10_000;
}
