using System.ComponentModel.DataAnnotations;

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
    [Jobs.QuartzCron(AllowEmpty = true)]
    public string Schedule { get; set; } = "0 30 3 * * ?";

    /// <summary>How many ready dumps of each kind are kept; older ones are deleted after a new one is written.</summary>
    [Range(1, 1000)]
    public int KeepPublic { get; set; } = 7;

    [Range(1, 1000)]
    public int KeepFull { get; set; } = 3;

    /// <summary>
    /// Rows per read from the database (and per page redacted): they are held as rows, boxed. Measured (benchmark 7):
    /// pages of 10,000 rows took about 50 MB more at the peak than pages of 1,000, and were no faster.
    /// </summary>
    [Range(1, 1_000_000)]
    public int BatchRows { get; set; } = 1_000;

    /// <summary>
    /// Rows per Parquet row group, kept as typed columns until written. By default one page: values kept across pages
    /// outlive a young-generation collection and are promoted, and the old generation then grows with the table
    /// (measured: groups of 5,000 rows, 106 MB above idle for a million events; groups of one page, 46 MB).
    /// </summary>
    [Range(1, 10_000_000)]
    public int RowGroupRows { get; set; } = 1_000;

    /// <summary>Limits of the public query page (DuckDB over the latest public dump).</summary>
    public QueryLimits Query { get; set; } = new();
}

public sealed class QueryLimits
{
    [Range(0.1, 3600)]
    public double TimeoutSeconds { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 5_000;

    [Range(16, 1_048_576)]
    public int MemoryMegabytes { get; set; } = 256;

    [Range(1, 256)]
    public int Threads { get; set; } = 2;

    /// <summary>The longest SQL text accepted (characters).</summary>
    [Range(1, 1_000_000)]
    public int MaxLength { get; set; } = 10_000;
}
