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
        if (checkedUpload.Errors.Count > 0 && (mode == ImportMode.AllOrNothing || checkedUpload.Errors.RefuseTheUpload))
        {
            return new JadeError.ImportRejected(new ImportReport(checkedUpload.Format, mode, checkedUpload.Rows, 0, 0, checkedUpload.Errors, Committed: false));
        }

        return await writer.ExecuteAsync(async context =>
        {
            // From the spool's start on every attempt: on PostgreSQL the writer runs a command again after a write
            // conflict (another node's insert of the same artifact, a deadlock), and the attempt before read it to the end.
            spool.Position = 0;
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

    private sealed record CheckedUpload(ImportFormat Format, long Rows, long Valid, LineErrors Errors);

    /// <summary>
    /// The longest line an upload (a task list, a score file) may hold: room for the before and after texts of two
    /// revisions at MediaWiki's largest ($wgMaxArticleSize, 2 MB), escaped as JSON, and a task's fields.
    /// </summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>A line over <see cref="MaxLineBytes"/>, reported with the limit in megabytes.</summary>
    public static LineError TooLong(long line) => new(line, ImportProblem.LineTooLong, (MaxLineBytes / 1048576).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Stage 1: stream, parse, check; valid rows go to the spool as (revId, data) records.</summary>
    private static async Task<CheckedUpload> CheckAsync(Stream upload, string? fileName, long maxBytes, Stream spool, IProgress<ImportProgress>? progress, long? totalBytes, CancellationToken cancellationToken)
    {
        var errors = new LineErrors();
        var counting = new CountingStream(upload, maxBytes);
        using var lines = new Utf8LineReader(counting, MaxLineBytes);
        ArtifactListLines? parser = null; // made at the first line that is not blank, whose content can tell the format
        var format = ImportFormat.PlainIds;
        long number = 0, rows = 0, valid = 0;
        await using var output = new BinaryWriter(spool, Encoding.UTF8, leaveOpen: true);
        try
        {
            while (parser is not { Refused: true } && await lines.FillAsync(cancellationToken))
            {
                while (parser is not { Refused: true } && lines.TryTake(out var text))
                {
                    number++;
                    if (lines.LineTooLong)
                    {
                        // Not read, so not parsed: in a CSV file the line's quotes cannot be followed past it.
                        rows++;
                        errors.Add(TooLong(number));
                        if (parser is null)
                        {
                            // The first line tells the format (a CSV header names the columns): nothing after it can be read.
                            return new CheckedUpload(format, rows, 0, errors);
                        }
                        continue;
                    }
                    if (parser is null)
                    {
                        var first = Encoding.UTF8.GetString(text);
                        if (string.IsNullOrWhiteSpace(first))
                        {
                            continue;
                        }
                        format = ArtifactListParser.Detect(fileName, first);
                        parser = new ArtifactListLines(format);
                    }
                    if (parser.Parse(number, text) is not { } line)
                    {
                        continue;
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
                    if (!parser.Refused && ++rows % ProgressEvery == 0)
                    {
                        progress?.Report(new ImportProgress(ImportPhase.Reading, counting.BytesRead, totalBytes, rows, 0));
                    }
                }
            }
            if (parser is null)
            {
                errors.Add(new LineError(0, ImportProblem.Empty, null));
                return new CheckedUpload(format, 0, 0, errors);
            }
            if (parser.Finish() is { Error: { } unclosed })
            {
                rows++;
                errors.Add(unclosed);
            }
        }
        catch (ImportTooLargeException tooLarge)
        {
            // The detail is the limit in megabytes, as users set and read it.
            // Every line that ended within the limit was read (CountingStream): the next is the one it cuts.
            errors.Add(new LineError(number + 1, ImportProblem.TooLarge, Math.Ceiling(tooLarge.Limit / 1048576.0).ToString(System.Globalization.CultureInfo.InvariantCulture)));
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
