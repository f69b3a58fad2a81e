using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Dumps;

/// <summary>Why a dump's files cannot be downloaded.</summary>
public enum DumpRefusal
{
    NotFound,
    /// <summary>A full dump, and the reader lacks <c>viewprivatedumps</c>.</summary>
    NoRight,
    /// <summary>Still being written, or failed.</summary>
    NotReady,
    /// <summary>A redaction was made after it; its files are being checked and rewritten.</summary>
    AwaitingRewrite,
}

/// <summary>A dump as the list shows it to one reader.</summary>
public sealed record DumpListing(Dump Dump, bool Available);

/// <summary>Lists dumps and decides, for one reader, whether a dump's files may be downloaded and where they are.</summary>
public sealed class DumpCatalog(IDbContextFactory<JadeDbContext> contexts, DumpOptions options)
{
    /// <summary>Names of the files a dump may serve (nothing else in its directory is reachable).</summary>
    public static IReadOnlySet<string> FileNames { get; } = DumpTables.All
        .SelectMany(t => new[] { DumpTableWriter.JsonName(t), DumpTableWriter.ParquetName(t) })
        .Append(DumpFiles.ManifestName).Append(DumpFiles.RedactionsName).ToHashSet(StringComparer.Ordinal);

    /// <summary>The files a dump of this kind has, in name order (only public dumps have a redaction list).</summary>
    public static IReadOnlyList<string> FilesOf(DumpKind kind) =>
        FileNames.Where(name => kind == DumpKind.Public || name != DumpFiles.RedactionsName).Order(StringComparer.Ordinal).ToList();

    /// <summary>Redactions (a hidden item field, a hidden account) committed after an event: what an older public dump may still carry.</summary>
    internal static IQueryable<StoredEvent> RedactedSince(JadeDbContext db, long afterSeq) =>
        db.Events.AsNoTracking().Where(e => e.Seq > afterSeq
            && (e.Type == EventType.ItemRedacted || (e.Type == EventType.BlockCreated && e.Audience == EventAudience.SuppressionLog)));

    /// <summary>Every dump, newest first; full dumps only for readers with <c>viewprivatedumps</c>.</summary>
    public async Task<IReadOnlyList<DumpListing>> ListAsync(Actor reader, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dumps = await db.Dumps.AsNoTracking().Where(d => d.Kind == DumpKind.Public || reader.Rights.Contains(Right.ViewPrivateDumps))
            .OrderByDescending(d => d.Id).ToListAsync(cancellationToken);
        var listings = new List<DumpListing>(dumps.Count);
        foreach (var dump in dumps)
        {
            listings.Add(new DumpListing(dump, await RefusalAsync(db, dump, reader, cancellationToken) is null));
        }
        return listings;
    }

    /// <summary>The latest public dump that may be downloaded (and queried), if any.</summary>
    public async Task<Dump?> LatestPublicAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var dump in await db.Dumps.AsNoTracking().Where(d => d.Kind == DumpKind.Public && d.State == DumpState.Ready).OrderByDescending(d => d.Id).Take(5)
            .ToListAsync(cancellationToken))
        {
            if (!await RedactedSince(db, dump.RedactedThrough).AnyAsync(cancellationToken))
            {
                return dump;
            }
        }
        return null;
    }

    /// <summary>
    /// One of a dump's files opened for this reader (the caller disposes it), or why not. Opened before the last check: what
    /// is served then stays readable if a rewrite or a prune moves the directory away, and a public dump's file opened
    /// before a rewrite swapped in its redacted files is refused, as the dump read before it still lacks the redaction.
    /// </summary>
    public async Task<(FileStream? File, DumpRefusal? Refusal)> OpenFileAsync(long dumpId, string fileName, Actor reader, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dump = await db.Dumps.AsNoTracking().SingleOrDefaultAsync(d => d.Id == dumpId, cancellationToken);
        if (dump is null || !FileNames.Contains(fileName))
        {
            return (null, DumpRefusal.NotFound);
        }
        if (await RefusalAsync(db, dump, reader, cancellationToken) is { } refusal)
        {
            return (null, refusal);
        }
        var directory = DirectoryOf(dump);
        var file = Open(System.IO.Path.Combine(directory, fileName));
        if (file is null)
        {
            // A rewrite caught between its two moves is what AwaitingRewrite says: asked again shortly, the files are there.
            return (null, DumpWriter.IsSwapping(directory) ? DumpRefusal.AwaitingRewrite : DumpRefusal.NotFound);
        }
        if (await RefusalAsync(db, dump, reader, cancellationToken) is { } redacted)
        {
            await file.DisposeAsync();
            return (null, redacted);
        }
        return (file, null);
    }

    /// <summary>The file, or null when it is gone (pruned, or moved aside by a rewrite).</summary>
    private static FileStream? Open(string path)
    {
        try
        {
            // Read through the response's own buffer; Delete: a rewrite or a prune may move or remove it while it is read.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception gone) when (gone is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The dump, if this reader may see that it exists (a full dump's existence is not hidden: its files are).</summary>
    public async Task<(Dump? Dump, DumpRefusal? Refusal)> FindAsync(long dumpId, Actor reader, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dump = await db.Dumps.AsNoTracking().SingleOrDefaultAsync(d => d.Id == dumpId, cancellationToken);
        return dump is null ? (null, DumpRefusal.NotFound) : (dump, await RefusalAsync(db, dump, reader, cancellationToken));
    }

    public string DirectoryOf(Dump dump) => System.IO.Path.Combine(options.Directory!, dump.DirectoryName);

    private static async Task<DumpRefusal?> RefusalAsync(JadeDbContext db, Dump dump, Actor reader, CancellationToken cancellationToken)
    {
        if (dump.Kind == DumpKind.Full && !reader.Has(Right.ViewPrivateDumps))
        {
            return DumpRefusal.NoRight;
        }
        if (dump.State != DumpState.Ready)
        {
            return DumpRefusal.NotReady;
        }
        if (dump.Kind == DumpKind.Public && await RedactedSince(db, dump.RedactedThrough).AnyAsync(cancellationToken))
        {
            return DumpRefusal.AwaitingRewrite;
        }
        return null;
    }
}
