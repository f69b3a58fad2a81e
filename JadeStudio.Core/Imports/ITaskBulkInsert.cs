using JadeStudio.Core.Commands;

namespace JadeStudio.Core.Imports;

/// <summary>One checked line of an upload: the revision and the line's other fields (JSON), if any.</summary>
public readonly record struct TaskRow(long RevId, string? Data);

/// <summary>Where uploaded rows go: a campaign of a wiki, tasks of one artifact type, numbered from <see cref="FirstPosition"/>.</summary>
public sealed record TaskTarget(long CampaignId, string Wiki, string ArtifactType, long FirstPosition);

/// <summary>
/// Stores an upload's rows in the command's transaction: each row's artifact (created when new) and a task for it, in
/// the file's order, unless the campaign has that artifact already (earlier in the file or from an earlier upload).
/// One per store, because a million rows need the store's own fast path (<see cref="SqliteTaskBulkInsert"/>: multi-row
/// INSERTs of 512 lines; PostgreSQL: <c>COPY … (FORMAT BINARY)</c>).
/// </summary>
public interface ITaskBulkInsert
{
    /// <returns>Tasks added, and rows skipped as duplicates.</returns>
    Task<(long Imported, long Duplicates)> InsertAsync(CommandContext context, TaskTarget target, IEnumerable<TaskRow> rows, DateTimeOffset createdAt,
        CancellationToken cancellationToken = default);
}
