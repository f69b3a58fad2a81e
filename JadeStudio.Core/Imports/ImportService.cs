using System.Text;
using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Imports;

/// <summary>
/// Uploads of artifact lists into a campaign (right <c>uploadartifacts</c>). The upload is streamed and
/// checked line by line into a compact temporary file — outside the single writer, so a slow upload
/// never holds up other writes — and then stored in one transaction. By default a file with any bad
/// line imports nothing; <see cref="ImportMode.ValidLinesOnly"/> imports the good lines.
/// </summary>
public sealed class ImportService(CommandWriter writer, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts, SchemaCatalog schemas)
{
    private const int ProgressEvery = 2_000;

    public async Task<Result<ImportReport>> ImportAsync(ActorRef actor, long campaignId, Stream upload, string? fileName, ImportMode mode, long maxBytes,
        IProgress<ImportProgress>? progress = null, long? totalBytes = null, CancellationToken cancellationToken = default)
    {
        // Checked before reading a byte, and again inside the writing command (rights may change meanwhile).
        Campaign campaign;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
            if (found is null)
            {
                return new JadeError.EntityNotFound("campaign");
            }
            campaign = found;
            var who = await actors.LoadAsync(db, actor, cancellationToken);
            if (PermissionManager.Check(who, Right.UploadArtifacts, BlockAction.Upload, new BlockTarget(campaign.Wiki, null)) is not PermissionResult.Allowed)
            {
                return Refusal(who, campaign);
            }
        }

        var staging = Path.Combine(Path.GetTempPath(), $"jadestudio-import-{Guid.NewGuid():N}.bin");
        await using var spool = new FileStream(staging, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var checkedUpload = await CheckAsync(upload, fileName, maxBytes, spool, progress, totalBytes, cancellationToken);
        if (checkedUpload.Errors.Count > 0 && (mode == ImportMode.AllOrNothing || checkedUpload.Errors.Any(e => e.Problem is ImportProblem.TooLarge or ImportProblem.MissingRevIdColumn or ImportProblem.Empty)))
        {
            return new JadeError.ImportRejected(new ImportReport(checkedUpload.Format, mode, checkedUpload.Rows, 0, 0, checkedUpload.Errors, Committed: false));
        }

        spool.Position = 0;
        return await writer.ExecuteAsync(async context =>
        {
            var current = await context.Db.Campaigns.SingleAsync(c => c.Id == campaignId, cancellationToken);
            var who = await actors.RequireAsync(context.Db, actor, Right.UploadArtifacts, BlockAction.Upload, new BlockTarget(current.Wiki, null), cancellationToken);
            var (imported, duplicates) = await StoreAsync(context, current, spool, checkedUpload, progress, totalBytes, cancellationToken);
            context.Emit(new StoredEvent
            {
                Type = EventType.TasksImported,
                ActorId = who.UserId,
                Wiki = current.Wiki,
                Data = JsonSerializer.Serialize(new { campaignId, imported, duplicates, rejected = checkedUpload.Errors.Count }),
            });
            return new ImportReport(checkedUpload.Format, mode, checkedUpload.Rows, imported, duplicates, checkedUpload.Errors, Committed: true);
        }, cancellationToken);
    }

    private static JadeError Refusal(Actor who, Campaign campaign) =>
        PermissionManager.Check(who, Right.UploadArtifacts, BlockAction.Upload, new BlockTarget(campaign.Wiki, null)) switch
        {
            PermissionResult.MissingRight missing => new JadeError.PermissionDenied(missing.Right),
            PermissionResult.BlockedBy blocked => new JadeError.Blocked(blocked.Block),
            _ => throw new InvalidOperationException(),
        };

    private sealed record CheckedUpload(ImportFormat Format, long Rows, long Valid, List<LineError> Errors);

    /// <summary>Stage 1: stream, parse, check; valid rows go to the spool as (revId, data) records.</summary>
    private static async Task<CheckedUpload> CheckAsync(Stream upload, string? fileName, long maxBytes, Stream spool, IProgress<ImportProgress>? progress, long? totalBytes, CancellationToken cancellationToken)
    {
        var errors = new List<LineError>();
        var counting = new CountingStream(upload, maxBytes);
        using var reader = TextReaders.For(counting);
        var format = ImportFormat.PlainIds;
        long rows = 0, valid = 0;
        await using var output = new BinaryWriter(spool, Encoding.UTF8, leaveOpen: true);
        try
        {
            var first = await reader.ReadLineAsync(cancellationToken);
            while (first is not null && string.IsNullOrWhiteSpace(first))
            {
                first = await reader.ReadLineAsync(cancellationToken);
            }
            if (first is null)
            {
                errors.Add(new LineError(0, ImportProblem.Empty, null));
                return new CheckedUpload(format, 0, 0, errors);
            }
            format = ArtifactListParser.Detect(fileName, first);
            using var lines = new PrependedReader(first, reader);
            await foreach (var line in ArtifactListParser.ParseAsync(lines, format, cancellationToken))
            {
                if (format is ImportFormat.JsonLines or ImportFormat.PlainIds || line.Error?.Problem != ImportProblem.MissingRevIdColumn)
                {
                    rows++;
                }
                if (line.Error is { } error)
                {
                    errors.Add(error);
                }
                else
                {
                    valid++;
                    output.Write(line.RevId);
                    output.Write(line.Data ?? "");
                }
                if (rows % ProgressEvery == 0)
                {
                    progress?.Report(new ImportProgress(ImportPhase.Reading, counting.BytesRead, totalBytes, rows, 0));
                }
            }
        }
        catch (ImportTooLargeException tooLarge)
        {
            // The detail is the limit in megabytes, as users set and read it.
            errors.Add(new LineError(rows + 1, ImportProblem.TooLarge, Math.Ceiling(tooLarge.Limit / 1048576.0).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        progress?.Report(new ImportProgress(ImportPhase.Reading, counting.BytesRead, totalBytes, rows, 0));
        output.Flush();
        return new CheckedUpload(format, rows, valid, errors);
    }

    /// <summary>Stage 2, inside the writer: artifacts (created when new) and tasks, through the store's bulk insert.</summary>
    private async Task<(long Imported, long Duplicates)> StoreAsync(CommandContext context, Campaign campaign, Stream spool, CheckedUpload checkedUpload,
        IProgress<ImportProgress>? progress, long? totalBytes, CancellationToken cancellationToken)
    {
        // Positions continue the campaign's: held against another node's upload into the same campaign until commit.
        await context.LockAsync(LockedRow.Campaign, campaign.Id, cancellationToken);
        var position = (await context.Db.CampaignTasks.Where(t => t.CampaignId == campaign.Id).MaxAsync(t => (long?)t.Position, cancellationToken) ?? 0) + 1;
        var target = new TaskTarget(campaign.Id, campaign.Wiki, ArtifactKey.TypeName(schemas.FindFacet(campaign.Facet)!.EntityType), position);
        return await context.Store.TaskBulkInsert.InsertAsync(context, target, SpooledRows(spool, checkedUpload, progress, totalBytes), context.Now, cancellationToken);
    }

    /// <summary>The spool's rows, read as the store asks for them, with progress as they go.</summary>
    private static IEnumerable<TaskRow> SpooledRows(Stream spool, CheckedUpload checkedUpload, IProgress<ImportProgress>? progress, long? totalBytes)
    {
        using var input = new BinaryReader(spool, Encoding.UTF8, leaveOpen: true);
        for (long i = 0; i < checkedUpload.Valid; i++)
        {
            var revId = input.ReadInt64();
            var data = input.ReadString();
            yield return new TaskRow(revId, data.Length == 0 ? null : data);
            if ((i + 1) % ProgressEvery == 0)
            {
                progress?.Report(new ImportProgress(ImportPhase.Storing, 0, totalBytes, checkedUpload.Rows, i + 1));
            }
        }
        progress?.Report(new ImportProgress(ImportPhase.Storing, 0, totalBytes, checkedUpload.Rows, checkedUpload.Valid));
    }
}

/// <summary>A reader that gives back a line already read (for format detection) before the rest.</summary>
internal sealed class PrependedReader(string firstLine, TextReader rest) : TextReader
{
    private string? _pending = firstLine + "\n";
    private int _offset;

    public override int Peek() => _pending is not null ? _pending[_offset] : rest.Peek();

    public override int Read()
    {
        if (_pending is null)
        {
            return rest.Read();
        }
        var c = _pending[_offset++];
        if (_offset == _pending.Length)
        {
            _pending = null;
        }
        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (_pending is null)
        {
            return rest.Read(buffer);
        }
        var n = Math.Min(buffer.Length, _pending.Length - _offset);
        _pending.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        if (_offset == _pending.Length)
        {
            _pending = null;
        }
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        _pending is null ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override string? ReadLine()
    {
        if (_pending is null)
        {
            return rest.ReadLine();
        }
        var line = _pending[_offset..].TrimEnd('\n');
        _pending = null;
        return line;
    }

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        _pending is null ? rest.ReadLineAsync(cancellationToken) : ValueTask.FromResult(ReadLine());

    public override Task<string?> ReadLineAsync() => ReadLineAsync(CancellationToken.None).AsTask();
}
