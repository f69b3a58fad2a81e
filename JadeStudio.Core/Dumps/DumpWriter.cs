using System.IO.Compression;
using System.Text.Json;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.Dumps;

/// <summary>
/// Writes dumps, rewrites older public dumps after a redaction, and prunes old ones. Runs inside the dump job (one at a
/// time across all nodes); tests call it directly.
/// </summary>
public sealed class DumpWriter(IDbContextFactory<JadeDbContext> contexts, IDatabaseStore store, DumpOptions options, TimeProvider clock, ILogger<DumpWriter> logger)
{
    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private string Root => options.Directory ?? throw new InvalidOperationException("The dumps directory is not configured.");

    /// <summary>
    /// Writes one dump consistent with the feed's latest position: every table read in one snapshot of the store.
    /// A public dump also lists what it redacts of the previous public dump.
    /// </summary>
    public async Task<Dump> WriteAsync(DumpKind kind, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Root);
        var dump = new Dump { Kind = kind, State = DumpState.Writing, CreatedAt = clock.GetUtcNow() };
        await using (var bookkeeping = await contexts.CreateDbContextAsync(cancellationToken))
        {
            bookkeeping.Dumps.Add(dump);
            await bookkeeping.SaveChangesAsync(cancellationToken);
        }
        var partial = Path.Combine(Root, dump.DirectoryName + ".partial");
        try
        {
            Directory.CreateDirectory(partial);
            var tables = new List<ManifestTable>();
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                // One snapshot: the position and every row agree, whatever is written meanwhile.
                await using var snapshot = await store.BeginSnapshotAsync(db, cancellationToken);
                dump.Position = await db.Events.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
                dump.RedactedThrough = dump.Position;
                dump.Total = await DumpTables.CountAsync(db, kind, cancellationToken);
                var allocations = new AllocationBudget();
                await ProgressAsync(dump, cancellationToken);
                foreach (var table in DumpTables.All)
                {
                    await using (var writer = await DumpTableWriter.CreateAsync(partial, table, options.RowGroupRows, cancellationToken))
                    {
                        await foreach (var page in DumpTables.PagesAsync(db, table, kind, options.BatchRows, cancellationToken))
                        {
                            await DumpRedactor.FillAsync(db, table, page, cancellationToken);
                            await DumpRedactor.RedactAsync(db, table, page, remove: kind == DumpKind.Public, cancellationToken);
                            await writer.WriteAsync(page, cancellationToken);
                            dump.Done += page.Count;
                            allocations.AfterPage(page);
                            await ProgressAsync(dump, cancellationToken, everySecond: true);
                        }
                        await writer.CompleteAsync(cancellationToken);
                        tables.Add(new ManifestTable(table.Name, writer.Rows, table.Columns.Select(c => new ManifestColumn(c.Name, c.Type.ToString().ToLowerInvariant())).ToList(), []));
                    }
                    var last = tables[^1];
                    tables[^1] = last with
                    {
                        Files =
                        [
                            await DumpFiles.DescribeAsync(partial, DumpTableWriter.JsonName(table), cancellationToken),
                            await DumpFiles.DescribeAsync(partial, DumpTableWriter.ParquetName(table), cancellationToken),
                        ],
                    };
                    allocations.AfterTable(last.Rows);
                }
                ManifestRedactions? redactions = null;
                if (kind == DumpKind.Public)
                {
                    redactions = await WriteRedactionListAsync(db, partial, cancellationToken);
                    dump.Redactions = redactions.Count;
                }
                await WriteManifestAsync(partial, new Manifest(DumpTables.SchemaVersion, dump.Id, ToName(kind), dump.CreatedAt, dump.Position, FeedCursor.Encode(dump.Position),
                    tables, redactions, null), cancellationToken);
            }
            var final = Path.Combine(Root, dump.DirectoryName);
            Directory.Move(partial, final);
            dump.Bytes = Directory.EnumerateFiles(final).Sum(f => new FileInfo(f).Length);
            dump.State = DumpState.Ready;
            dump.FinishedAt = clock.GetUtcNow();
            await SaveAsync(dump, CancellationToken.None);
            logger.LogInformation("Dump {DumpId} ({Kind}) written: {Rows} rows at event {Position}.", dump.Id, kind, dump.Done, dump.Position);
            return dump;
        }
        catch (Exception failed)
        {
            TryDelete(partial);
            dump.State = DumpState.Failed;
            var problem = failed is OperationCanceledException ? "interrupted" : failed.GetType().Name;
            dump.Problem = problem.Length <= 64 ? problem : problem[..64];
            dump.FinishedAt = clock.GetUtcNow();
            await SaveAsync(dump, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The redaction list of a new public dump: every value the previous public dump carries that a reader may no
    /// longer see (checked against the same snapshot the new dump was read from). Row and field only, never the value.
    /// </summary>
    private async Task<ManifestRedactions> WriteRedactionListAsync(JadeDbContext db, string directory, CancellationToken cancellationToken)
    {
        var previous = await db.Dumps.AsNoTracking().Where(d => d.Kind == DumpKind.Public && d.State == DumpState.Ready).OrderByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken);
        var count = 0;
        await using (var file = File.Create(Path.Combine(directory, DumpFiles.RedactionsName)))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var json = new Utf8JsonWriter(gzip))
        {
            if (previous is not null)
            {
                var source = Path.Combine(Root, previous.DirectoryName);
                foreach (var table in DumpTables.All.Where(t => t.Hideables.Count > 0))
                {
                    await foreach (var page in DumpFiles.ReadPagesAsync(source, table, options.BatchRows, cancellationToken))
                    {
                        foreach (var field in await DumpRedactor.RedactAsync(db, table, page, remove: true, cancellationToken))
                        {
                            json.Reset();
                            json.WriteStartObject();
                            json.WriteString("table", field.Table);
                            json.WriteNumber(table.Columns[0].Name, field.Key);
                            json.WriteString("field", field.Field);
                            json.WriteEndObject();
                            await json.FlushAsync(cancellationToken);
                            gzip.WriteByte((byte)'\n');
                            count++;
                        }
                    }
                }
            }
        }
        return new ManifestRedactions(DumpFiles.RedactionsName, count, previous?.Id, previous?.Position,
            await DumpFiles.DescribeAsync(directory, DumpFiles.RedactionsName, cancellationToken));
    }

    /// <summary>Whether a redaction was made after the newest public dump was written or checked (else, or without any public dump, a redaction run has nothing to do).</summary>
    public async Task<bool> RedactionPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = await db.Dumps.Where(d => d.Kind == DumpKind.Public && d.State == DumpState.Ready).MaxAsync(d => (long?)d.RedactedThrough, cancellationToken);
        return since is not null && await DumpCatalog.RedactedSince(db, since.Value).AnyAsync(cancellationToken);
    }

    /// <summary>A rewrite writes a dump's new files beside its directory under this suffix, then swaps them in.</summary>
    internal const string RewriteSuffix = ".rewrite";

    /// <summary>During the swap the old files are moved aside under this suffix, then deleted.</summary>
    internal const string ReplacedSuffix = ".old";

    /// <summary>Whether a rewrite is swapping this dump directory's files: for the moment between its two moves the directory itself is absent.</summary>
    internal static bool IsSwapping(string directory) => !Directory.Exists(directory) && Directory.Exists(directory + ReplacedSuffix);

    /// <summary>
    /// Applies every redaction made since they were written to the older public dumps: each is read back from its files and
    /// rewritten where it carries a value now hidden; one that carries none is only marked as checked. Until this ran, such
    /// a dump is unavailable (<see cref="DumpCatalog"/>).
    /// </summary>
    /// <returns>How many dumps were rewritten.</returns>
    public async Task<int> RewriteAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var through = await db.Events.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
        var rewritten = 0;
        foreach (var dump in await db.Dumps.Where(d => d.Kind == DumpKind.Public && d.State == DumpState.Ready).OrderBy(d => d.Id).ToListAsync(cancellationToken))
        {
            if (!await DumpCatalog.RedactedSince(db, dump.RedactedThrough).AnyAsync(cancellationToken))
            {
                continue;
            }
            if (await RewriteAsync(db, dump, cancellationToken))
            {
                dump.RewrittenAt = clock.GetUtcNow();
                rewritten++;
            }
            dump.RedactedThrough = through;
            await db.SaveChangesAsync(cancellationToken);
        }
        return rewritten;
    }

    private async Task<bool> RewriteAsync(JadeDbContext db, Dump dump, CancellationToken cancellationToken)
    {
        var source = Path.Combine(Root, dump.DirectoryName);
        var target = source + RewriteSuffix;
        TryDelete(target);
        Directory.CreateDirectory(target);
        var changed = false;
        var manifest = JsonSerializer.Deserialize<Manifest>(await File.ReadAllTextAsync(Path.Combine(source, DumpFiles.ManifestName), cancellationToken), ManifestJson)!;
        var allocations = new AllocationBudget();
        var tables = new List<ManifestTable>();
        foreach (var table in DumpTables.All)
        {
            await using (var writer = await DumpTableWriter.CreateAsync(target, table, options.RowGroupRows, cancellationToken))
            {
                await foreach (var page in DumpFiles.ReadPagesAsync(source, table, options.BatchRows, cancellationToken))
                {
                    changed |= (await DumpRedactor.RedactAsync(db, table, page, remove: true, cancellationToken)).Count > 0;
                    await writer.WriteAsync(page, cancellationToken);
                    allocations.AfterPage(page);
                }
                await writer.CompleteAsync(cancellationToken);
            }
            tables.Add(manifest.Tables.Single(t => t.Name == table.Name) with
            {
                Files =
                [
                    await DumpFiles.DescribeAsync(target, DumpTableWriter.JsonName(table), cancellationToken),
                    await DumpFiles.DescribeAsync(target, DumpTableWriter.ParquetName(table), cancellationToken),
                ],
            });
            allocations.AfterTable(tables[^1].Rows);
        }
        if (!changed)
        {
            TryDelete(target);
            return false;
        }
        File.Copy(Path.Combine(source, DumpFiles.RedactionsName), Path.Combine(target, DumpFiles.RedactionsName));
        await WriteManifestAsync(target, manifest with { Tables = tables, RewrittenAt = clock.GetUtcNow() }, cancellationToken);
        // The old files go first: from here on, only the rewritten ones can be served.
        var old = source + ReplacedSuffix;
        Directory.Move(source, old);
        Directory.Move(target, source);
        TryDelete(old);
        dump.Bytes = Directory.EnumerateFiles(source).Sum(f => new FileInfo(f).Length);
        logger.LogInformation("Public dump {DumpId} rewritten to apply redactions made after it.", dump.Id);
        return true;
    }

    /// <summary>Deletes ready dumps beyond the retention of their kind (oldest first), failed ones older than those kept, and what interrupted writers left.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pruned = 0;
        foreach (var (kind, keep) in new[] { (DumpKind.Public, options.KeepPublic), (DumpKind.Full, options.KeepFull) })
        {
            var ready = await db.Dumps.Where(d => d.Kind == kind && d.State == DumpState.Ready).OrderByDescending(d => d.Id).ToListAsync(cancellationToken);
            var oldestKept = ready.Take(Math.Max(keep, 1)).LastOrDefault()?.Id ?? long.MaxValue;
            var expired = ready.Skip(Math.Max(keep, 1))
                .Concat(await db.Dumps.Where(d => d.Kind == kind && d.State == DumpState.Failed && d.Id < oldestKept).ToListAsync(cancellationToken)).ToList();
            foreach (var dump in expired)
            {
                TryDelete(Path.Combine(Root, dump.DirectoryName));
                db.Dumps.Remove(dump);
                pruned++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return pruned;
    }

    /// <summary>A dump left "writing" by a node that stopped or died under it: failed, its partial files removed. Called before a run (runs are one at a time).</summary>
    public async Task AbandonInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var dump in await db.Dumps.Where(d => d.State == DumpState.Writing).ToListAsync(cancellationToken))
        {
            TryDelete(Path.Combine(Root, dump.DirectoryName + ".partial"));
            dump.State = DumpState.Failed;
            dump.Problem = "interrupted";
            dump.FinishedAt = clock.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private long _lastProgress;

    /// <param name="everySecond">Skip it when the last one was less than a second ago (pages come fast; the list shows seconds).</param>
    private async Task ProgressAsync(Dump dump, CancellationToken cancellationToken, bool everySecond = false)
    {
        var now = clock.GetTimestamp();
        if (everySecond && clock.GetElapsedTime(_lastProgress, now) < TimeSpan.FromSeconds(1))
        {
            return;
        }
        _lastProgress = now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Dumps.Where(d => d.Id == dump.Id).ExecuteUpdateAsync(d => d.SetProperty(x => x.Done, dump.Done).SetProperty(x => x.Total, dump.Total)
            .SetProperty(x => x.Position, dump.Position), cancellationToken);
    }

    private async Task SaveAsync(Dump dump, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Dumps.Update(dump);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task WriteManifestAsync(string directory, Manifest manifest, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(Path.Combine(directory, DumpFiles.ManifestName), JsonSerializer.Serialize(manifest, ManifestJson), cancellationToken);

    private static void TryDelete(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static string ToName(DumpKind kind) => kind.ToString().ToLowerInvariant();
}

/// <summary>
/// Keeps a long writing job's footprint near what it holds. The server collector lets its youngest generations grow to
/// a budget of tens of MB per heap before collecting, so a job that allocates steadily (rows read, redacted, encoded and
/// dropped) grows the process by that budget on every heap. After every 4 MB the process allocated, the written page is
/// dropped and the two young generations are collected: nothing of the page survives to be promoted, so neither the
/// middle generation nor the old one grows with the table (measured with dotnet-counters: collecting only the youngest
/// while the page was still held let the middle generation grow by about 1 MB a collection, to 55 MB). A pause of a
/// millisecond or two each time; 4 MB rather than 16 MB lowered the peak of a dump of 800,000 rows by about 10 MB
/// (48.8–50.2 MB above idle against 57.5–63.0 MB) in the same time. After each table, what its writer held goes back
/// to the system (<see cref="AfterTable"/>).
/// </summary>
internal sealed class AllocationBudget
{
    private const long Budget = 4 * 1024 * 1024;

    /// <summary>A hundred Parquet row groups: their footer entries are 2 MB at most (about 17 KB a group of 26 columns).</summary>
    public const long LargeTableRows = 100_000;
    private long _collectedAt = GC.GetTotalAllocatedBytes();

    /// <param name="written">The page just written: cleared here, the caller does not read it again.</param>
    public void AfterPage(List<object?[]> written)
    {
        written.Clear();
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - _collectedAt >= Budget)
        {
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            _collectedAt = allocated;
        }
    }

    /// <summary>
    /// A table is written: what its writer held is garbage now, the largest part in the oldest generation (the Parquet
    /// footer's entry for every row group, grown with the table) where the young collections above never reach. One
    /// full collection that compacts and gives the freed memory back to the system, then malloc's free pages, so the
    /// next table grows from what is live instead of from the last one's high-water mark. Measured (benchmark 7, alone):
    /// 108.9–115.5 → 75.8–79.3 MB above idle, resident at the end 53–66 → 4 MB above idle. The cost is a full
    /// collection's pause, of the whole process: only after a table of <see cref="LargeTableRows"/> rows or more, as a
    /// smaller one leaves little behind (done after every table, the test suite's many small dumps took minutes longer).
    /// </summary>
    public void AfterTable(long rows)
    {
        if (rows < LargeTableRows)
        {
            return;
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeAllocator.ReleaseFree();
        _collectedAt = GC.GetTotalAllocatedBytes();
    }
}

/// <summary>The manifest of a dump (<c>manifest.json</c>): what a consumer checks before and after downloading.</summary>
public sealed record Manifest(int SchemaVersion, long Id, string Kind, DateTimeOffset CreatedAt, long Position, string Cursor, IReadOnlyList<ManifestTable> Tables,
    ManifestRedactions? Redactions, DateTimeOffset? RewrittenAt);

public sealed record ManifestTable(string Name, long Rows, IReadOnlyList<ManifestColumn> Columns, IReadOnlyList<DumpFile> Files);

public sealed record ManifestColumn(string Name, string Type);

/// <param name="Since">The public dump the list is against (null for the first).</param>
public sealed record ManifestRedactions(string File, int Count, long? Since, long? SincePosition, DumpFile Description);
