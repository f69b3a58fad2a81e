using System.ComponentModel.DataAnnotations;
using System.Globalization;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Text;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Events;

/// <summary>How long the feed serves events; resuming from before that is refused (410), never silently skipped.</summary>
public sealed class FeedOptions
{
    [Range(typeof(TimeSpan), "00:01:00", "36500.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}

public sealed record FeedQuery(
    long? AfterSeq = null,
    DateTimeOffset? Since = null,
    string? Wiki = null,
    IReadOnlySet<EventType>? Types = null,
    long? UserId = null,
    ArtifactKey? Artifact = null,
    int Limit = 100,
    bool NewestFirst = false,
    Watcher? WatchedBy = null,
    long? ExcludeActorId = null,
    EventAudience? Audience = null);

/// <summary>One event as a given reader may see it.</summary>
public sealed record FeedEvent(
    long Seq,
    EventType Type,
    DateTimeOffset At,
    RedactedUser? Actor,
    RedactedUser? Subject,
    string? Wiki,
    ArtifactKey? Artifact,
    string? Facet,
    long? ProposalId,
    long? EndorsementId,
    string? LabelData,
    string? PreviousLabelData,
    RedactedText Text,
    RedactedText PreviousText,
    string? Data,
    string? Tags = null)
{
    public string Cursor => FeedCursor.Encode(Seq);
}

/// <summary>
/// A page of the feed as stored, before names and texts are looked up and redacted for the reader
/// (<see cref="EventFeed.ResolveAsync(FeedFetch.Rows, CancellationToken)"/>).
/// </summary>
public abstract record FeedFetch
{
    private FeedFetch()
    {
    }

    /// <param name="Last">The position to continue after (the last row's, or the request's start when there is none).</param>
    /// <param name="ByUser">Filtered by a performer: entries whose performer the reader may not see are dropped once resolved.</param>
    /// <param name="Viewer">Who they were read for: resolved with the same rights.</param>
    public sealed record Rows(List<StoredEvent> Items, long Last, bool ByUser, Actor Viewer) : FeedFetch;

    /// <summary>The requested start lies before the retention horizon.</summary>
    public sealed record Expired(DateTimeOffset Horizon) : FeedFetch;
}

public abstract record FeedPage
{
    private FeedPage()
    {
    }

    /// <summary>Events in order, and the cursor to continue after the last one (or after the request's start when empty).</summary>
    public sealed record Events(IReadOnlyList<FeedEvent> Items, string NextCursor) : FeedPage;

    /// <summary>The requested start lies before the retention horizon: the reader must start over.</summary>
    public sealed record Expired(DateTimeOffset Horizon) : FeedPage;
}

/// <summary>Opaque cursors: clients must not rely on them being sequence numbers.</summary>
public static class FeedCursor
{
    /// <summary>URL-safe base64 of "s" and the sequence number, without padding (one per event of the feed, so built on the stack).</summary>
    public static string Encode(long seq)
    {
        Span<byte> text = stackalloc byte[24];
        text[0] = (byte)'s';
        seq.TryFormat(text[1..], out var written, default, CultureInfo.InvariantCulture);
        return System.Buffers.Text.Base64Url.EncodeToString(text[..(written + 1)]);
    }

    public static bool TryDecode(string? cursor, out long seq)
    {
        seq = 0;
        return CursorText.TryDecode(cursor, 40, out var text)
            && text.StartsWith('s') && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }
}

public static class EventAudiences
{
    /// <summary>The audiences whose events this viewer may read at all (log entries need the log's right).</summary>
    public static IReadOnlyList<EventAudience> Of(IReadOnlySet<Right> viewerRights)
    {
        var audiences = new List<EventAudience> { EventAudience.Public };
        if (viewerRights.Contains(Right.ViewDeleted))
        {
            audiences.Add(EventAudience.DeletionLog);
        }
        if (viewerRights.Contains(Right.SuppressionLog))
        {
            audiences.Add(EventAudience.SuppressionLog);
        }
        return audiences;
    }

    /// <summary>Every query that shows events to someone goes through this filter.</summary>
    public static IQueryable<StoredEvent> ReadableBy(this IQueryable<StoredEvent> events, Actor viewer)
    {
        var audiences = Of(viewer.Rights);
        return audiences.Count == 3 ? events : events.Where(e => audiences.Contains(e.Audience));
    }
}

/// <summary>Reads the event log for the feed, contributions and histories; every text and name is redacted for the reader.</summary>
public sealed class EventFeed(IDbContextFactory<JadeDbContext> contexts, IDatabaseStore store, FeedOptions options, TimeProvider clock)
{
    public DateTimeOffset Horizon => clock.GetUtcNow() - options.Retention;

    /// <summary>The newest committed sequence number (0 when the log is empty): "now" for a live stream.</summary>
    public async Task<long> LatestSeqAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Events.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
    }

    public async Task<FeedPage> ReadAsync(FeedQuery query, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FetchAsync(db, query, viewer, cancellationToken) switch
        {
            FeedFetch.Rows rows => await ResolveAsync(db, rows, cancellationToken),
            FeedFetch.Expired expired => new FeedPage.Expired(expired.Horizon),
            var other => throw new ArgumentOutOfRangeException(nameof(query), other.GetType().Name, null),
        };
    }

    /// <summary>
    /// The first half of <see cref="ReadAsync"/>: a page's rows as stored. A stream catching up fetches the next page's
    /// rows while it resolves this one's: a fetch needs only the last row of the page before.
    /// </summary>
    public async Task<FeedFetch> FetchAsync(FeedQuery query, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FetchAsync(db, query, viewer, cancellationToken);
    }

    /// <summary>The second half of <see cref="ReadAsync"/>: names, texts and artifacts of fetched rows, redacted for whom they were read for.</summary>
    public async Task<FeedPage.Events> ResolveAsync(FeedFetch.Rows rows, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ResolveAsync(db, rows, cancellationToken);
    }

    private async Task<FeedFetch> FetchAsync(JadeDbContext db, FeedQuery query, Actor viewer, CancellationToken cancellationToken)
    {
        var horizon = Horizon;
        var events = db.Events.AsNoTracking();

        long startAfter;
        if (query.AfterSeq is { } after)
        {
            var firstUnseen = await events.Where(e => e.Seq > after).OrderBy(e => e.Seq).Select(e => new { e.At }).FirstOrDefaultAsync(cancellationToken);
            if (firstUnseen is not null && firstUnseen.At < horizon && !query.NewestFirst)
            {
                return new FeedFetch.Expired(horizon);
            }
            startAfter = after;
        }
        else if (query.Since is { } since)
        {
            if (since < horizon && !query.NewestFirst)
            {
                return new FeedFetch.Expired(horizon);
            }
            startAfter = await events.Where(e => e.At < since).MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
        }
        else
        {
            startAfter = query.NewestFirst ? 0 : await events.Where(e => e.At < horizon).MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
        }

        var filtered = query.NewestFirst && query.AfterSeq is { } before
            ? events.Where(e => e.Seq < before)
            : events.Where(e => e.Seq > startAfter);
        filtered = filtered.ReadableBy(viewer);
        if (query.Audience is { } audience)
        {
            filtered = filtered.Where(e => e.Audience == audience);
        }
        if (query.Wiki is { } wiki)
        {
            filtered = filtered.Where(e => e.Wiki == wiki);
        }
        if (query.Types is { Count: > 0 } types)
        {
            var list = types.ToList();
            filtered = filtered.Where(e => list.Contains(e.Type));
        }
        if (query.UserId is { } userId)
        {
            filtered = filtered.Where(e => e.ActorId == userId);
        }
        if (query.Artifact is { } key)
        {
            var artifactId = await db.Artifacts.Where(a => a.Wiki == key.Wiki && a.Type == key.Type && a.RevId == key.RevId).Select(a => (long?)a.Id).SingleOrDefaultAsync(cancellationToken);
            filtered = filtered.Where(e => e.ArtifactId == (artifactId ?? -1));
        }
        if (query.WatchedBy is { } watcher)
        {
            filtered = filtered.OnWatched(db, watcher);
        }
        if (query.ExcludeActorId is { } excluded)
        {
            filtered = filtered.Where(e => e.ActorId != excluded);
        }
        filtered = query.NewestFirst ? filtered.OrderByDescending(e => e.Seq) : filtered.OrderBy(e => e.Seq);
        var rows = await store.EventReads.ToListAsync(db, filtered.Take(Math.Clamp(query.Limit, 1, 1000)), cancellationToken);
        return new FeedFetch.Rows(rows, rows.Count > 0 ? rows[^1].Seq : startAfter, query.UserId is not null, viewer);
    }

    private async Task<FeedPage.Events> ResolveAsync(JadeDbContext db, FeedFetch.Rows rows, CancellationToken cancellationToken)
    {
        var items = await ResolveAsync(db, store.EventReads, rows.Items, rows.Viewer, cancellationToken);
        if (rows.ByUser)
        {
            // Filtering by a user must not reveal entries whose performer is hidden from this reader.
            items = items.Where(e => e.Actor is { Hidden: false }).ToList();
        }
        return new FeedPage.Events(items, FeedCursor.Encode(rows.Last));
    }

    /// <summary>Names, texts and artifacts of stored events, redacted for the viewer (recent changes and logs reuse it).</summary>
    internal static async Task<List<FeedEvent>> ResolveAsync(JadeDbContext db, IEventReads reads, List<StoredEvent> rows, Actor viewer, CancellationToken cancellationToken)
    {
        var ids = EventLookupIds.Of(rows);
        var (texts, users, artifacts) = ids.IsEmpty ? EventLookups.None : await reads.LookUpAsync(db, ids, cancellationToken);

        RedactedUser? UserOf(long? id, FieldVisibility onItem) =>
            id is not { } userId ? null
            : users.TryGetValue(userId, out var user) ? Redaction.User(userId, user.Name, onItem, user.Hidden, viewer.Rights)
            : new RedactedUser(null, null, true, FieldVisibility.Suppressed);

        return rows.Select(e => new FeedEvent(
            e.Seq, e.Type, e.At,
            UserOf(e.ActorId, e.ActorVisibility),
            UserOf(e.SubjectUserId, e.SubjectVisibility),
            e.Wiki,
            e.ArtifactId is { } a && artifacts.TryGetValue(a, out var key) ? key : null,
            e.Facet, e.ProposalId, e.EndorsementId, e.LabelData, e.PreviousLabelData,
            Redaction.Text(e.TextId is { } t ? texts.GetValueOrDefault(t) : null, viewer.Rights),
            Redaction.Text(e.PreviousTextId is { } p ? texts.GetValueOrDefault(p) : null, viewer.Rights),
            e.Data, e.Tags)).ToList();
    }
}
