using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Logs;

/// <summary>The logs of Special:Log, by MediaWiki's names where MediaWiki has the log.</summary>
public enum LogType
{
    /// <summary>Blocks and their lifting (hide-user blocks are the suppression log's).</summary>
    Block,
    /// <summary>Group changes.</summary>
    Rights,
    Rollback,
    /// <summary>Campaigns created, changed, and their uploads.</summary>
    Campaign,
    /// <summary>Deletions and their restorations; right <c>viewdeleted</c>.</summary>
    Deletion,
    /// <summary>Suppressions, their restorations and hide-user blocks; right <c>suppressionlog</c>.</summary>
    Suppression,
}

public sealed record LogQuery(IReadOnlySet<LogType>? Types = null, string? Performer = null, long? OlderThan = null, int Limit = 100)
{
    public static LogQuery Of(LogType type) => new(new HashSet<LogType> { type });
}

/// <summary>
/// One log line. <see cref="Item"/> and the levels are set for visibility changes; <see cref="Group"/> and
/// <see cref="Expiry"/> for group changes (and blocks' expiry); <see cref="CampaignId"/> for campaign entries.
/// </summary>
public sealed record LogEntry(
    long Seq, DateTimeOffset At, EventType Type, LogType Log, RedactedUser? Performer, RedactedUser? Subject, string? Wiki, ArtifactKey? Artifact,
    ItemRef? Item, HideableField? Field, FieldVisibility? From, FieldVisibility? To, RedactedText Reason,
    string? Group, DateTimeOffset? Expiry, long? CampaignId, long? BlockId);

public sealed record LogPage(IReadOnlyList<LogEntry> Entries, long? OlderThan);

/// <summary>Every log, newest first, each to those with its right, through the feed's redaction.</summary>
public sealed class LogReader(IDbContextFactory<JadeDbContext> contexts, IDatabaseStore store)
{
    private static readonly LogType[] AllTypes = Enum.GetValues<LogType>();

    /// <summary>The right a log needs, or null for a public one.</summary>
    public static Right? RightFor(LogType type) => type switch
    {
        LogType.Block or LogType.Rights or LogType.Rollback or LogType.Campaign => null,
        LogType.Deletion => Right.ViewDeleted,
        LogType.Suppression => Right.SuppressionLog,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string NameOf(LogType type) => type.ToString().ToLowerInvariant();

    /// <summary>By name only (<c>block</c>, <c>deletion</c>…): numbers would tie addresses to the enum's order.</summary>
    public static bool TryParseType(string name, out LogType type)
    {
        foreach (var candidate in AllTypes)
        {
            if (NameOf(candidate) == name)
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>The logs this viewer may read.</summary>
    public static IReadOnlyList<LogType> VisibleTo(Actor viewer) => AllTypes.Where(t => RightFor(t) is not { } right || viewer.Has(right)).ToList();

    private static IReadOnlyList<EventType> PublicTypesOf(LogType type) => type switch
    {
        LogType.Block => [EventType.BlockCreated, EventType.BlockLifted],
        LogType.Rights => [EventType.GroupAdded, EventType.GroupRemoved],
        LogType.Rollback => [EventType.RollbackPerformed, EventType.RollbackUndone],
        LogType.Campaign => [EventType.CampaignCreated, EventType.CampaignUpdated, EventType.TasksImported],
        LogType.Deletion or LogType.Suppression => [],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Newest first; asking for a log without its right is refused, every log the viewer may read when none is named.</summary>
    public async Task<Result<LogPage>> ReadAsync(LogQuery query, Actor viewer, CancellationToken cancellationToken = default)
    {
        var types = query.Types is { Count: > 0 } asked ? asked.ToList() : VisibleTo(viewer).ToList();
        foreach (var type in types)
        {
            if (RightFor(type) is { } right && !viewer.Has(right))
            {
                return new JadeError.PermissionDenied(right);
            }
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var publicTypes = types.SelectMany(PublicTypesOf).ToList();
        var deletion = types.Contains(LogType.Deletion);
        var suppression = types.Contains(LogType.Suppression);
        var events = db.Events.AsNoTracking().Where(e =>
            (e.Audience == EventAudience.Public && publicTypes.Contains(e.Type))
            || (deletion && e.Audience == EventAudience.DeletionLog)
            || (suppression && e.Audience == EventAudience.SuppressionLog));
        if (query.OlderThan is { } before)
        {
            events = events.Where(e => e.Seq < before);
        }
        if (query.Performer is { } name)
        {
            var performer = await HiddenAccounts.UserIdAsync(db, name, viewer.Rights, cancellationToken);
            if (performer is null)
            {
                return new LogPage([], null);
            }
            // Log entries carry their performer's name visibly (a hidden performer is a hidden account, excluded above).
            events = events.Where(e => e.ActorId == performer && e.ActorVisibility == FieldVisibility.Visible);
        }
        var limit = Math.Clamp(query.Limit, 1, 500);
        var rows = await events.OrderByDescending(e => e.Seq).Take(limit + 1).ToListAsync(cancellationToken);
        var more = rows.Count > limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        var resolved = await EventFeed.ResolveAsync(db, store.EventReads, rows, viewer, cancellationToken);
        var entries = resolved.Zip(rows, (e, row) => Entry(e, LogOf(row))).ToList();
        // A block's reason is kept on the block (the block list shows it), not as a text of the event.
        var blockIds = entries.Where(e => e.BlockId is not null && e.Type == EventType.BlockCreated).Select(e => e.BlockId!.Value).ToList();
        if (blockIds.Count > 0)
        {
            var reasons = await db.Blocks.AsNoTracking().Where(b => blockIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Reason, cancellationToken);
            entries = entries.Select(e => e.BlockId is { } id && e.Type == EventType.BlockCreated && reasons.TryGetValue(id, out var reason)
                ? e with { Reason = new RedactedText(reason, false, FieldVisibility.Visible) }
                : e).ToList();
        }
        return new LogPage(entries, more ? rows[^1].Seq : null);
    }

    private static LogType LogOf(StoredEvent row) => row.Audience switch
    {
        EventAudience.DeletionLog => LogType.Deletion,
        EventAudience.SuppressionLog => LogType.Suppression,
        EventAudience.Public => AllTypes.First(t => PublicTypesOf(t).Contains(row.Type)),
        _ => throw new ArgumentOutOfRangeException(nameof(row), row.Audience, null),
    };

    private static LogEntry Entry(FeedEvent e, LogType log)
    {
        using var data = JsonDocument.Parse(e.Data ?? "{}");
        var root = data.RootElement;
        string? String(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        DateTimeOffset? Time(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;
        long? Number(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
        T? Parse<T>(string name) where T : struct, Enum => String(name) is { } text ? Enum.Parse<T>(text, ignoreCase: true) : null;

        var item = e.Type == EventType.VisibilityChanged && Parse<ItemKind>("kind") is { } kind && Number("id") is { } id ? new ItemRef(kind, id) : null;
        return new LogEntry(e.Seq, e.At, e.Type, log, e.Actor, e.Subject, e.Wiki, e.Artifact,
            item, item is null ? null : Parse<HideableField>("field"), item is null ? null : Parse<FieldVisibility>("from"), item is null ? null : Parse<FieldVisibility>("to"),
            e.Text, String("group"), Time("expiry"), Number("campaignId"), Number("blockId"));
    }
}
