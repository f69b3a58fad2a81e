using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using System.Threading.Channels;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Events;
using JadeStudio.Core.Wikis;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>
/// /api/v1/events: the event feed, as JSON pages (cursor) or as Server-Sent Events (id = cursor,
/// resume with Last-Event-ID or ?since=). Before the retention horizon: 410, never a silent skip.
/// </summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ReadAsync).WithTags("Events").WithName("events")
            .WithSummary("Events in commit order. Filters: wiki, type (comma list), user, artifact. JSON pages with ?cursor=, or Accept: text/event-stream.")
            .Produces<EventPageDto>().ProducesAlso(200, "text/event-stream", "A page of events, or (Accept: text/event-stream) a stream of them: id, event and data lines, the data each event's JSON.")
            .TakesHeader("Last-Event-ID", "A stream resumes after this event's cursor (what the browser's EventSource sends on reconnecting); ?cursor= does the same.");
        return api;
    }

    private static async Task<IResult> ReadAsync(HttpContext context, EventFeed feed, EventHub hub, WikiCatalog wikis, IOptions<ApiOptions> options, Core.Metrics.JadeMetrics metrics,
        string? cursor, string? since, string? wiki, string? type, long? user, string? artifact, int? limit)
    {
        var streaming = context.Request.Headers[HeaderNames.Accept].ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        var resumeFrom = streaming && context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId ? lastEventId : cursor;

        long? after = null;
        if (resumeFrom is not null)
        {
            if (!FeedCursor.TryDecode(resumeFrom, out var seq))
            {
                return ApiProblem.BadRequest("Unknown cursor.");
            }
            after = seq;
        }
        DateTimeOffset? sinceTime = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiProblem.BadRequest("since must be an ISO 8601 time, e.g. 2026-11-20T12:00:00Z.");
            }
            sinceTime = parsed;
        }
        HashSet<EventType>? types = null;
        if (type is not null)
        {
            types = [];
            foreach (var name in type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Core.Text.EnumNames.TryParse<EventType>(name, out var parsedType))
                {
                    return ApiProblem.BadRequest($"Unknown event type '{name}'.");
                }
                types.Add(parsedType);
            }
        }
        if (wiki is not null && wikis.Find(wiki) is null)
        {
            return ApiProblem.Of(new Core.Commands.JadeError.InvalidArtifactId(ArtifactKeyProblem.UnknownWiki), ApiCaller.Of(context).Actor);
        }
        ArtifactKey? key = null;
        if (artifact is not null)
        {
            switch (ArtifactKey.Parse(artifact, wikis))
            {
                case ArtifactKeyParse.Valid valid:
                    key = valid.Key;
                    break;
                case ArtifactKeyParse.Invalid invalid:
                    return ApiProblem.Of(new Core.Commands.JadeError.InvalidArtifactId(invalid.Problem), ApiCaller.Of(context).Actor);
            }
        }
        if (limit is < 1 or > 1000)
        {
            return ApiProblem.BadRequest("limit must be between 1 and 1000.");
        }

        // A live stream with no resume point starts now, like Wikimedia's EventStreams.
        if (streaming && after is null && sinceTime is null)
        {
            after = await feed.LatestSeqAsync(context.RequestAborted);
        }
        var query = new FeedQuery(after, sinceTime, wiki, types, user, key, limit ?? (streaming ? 500 : 100));
        // Subscribe before the first read, so nothing committed in between can be missed.
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var subscription = streaming ? hub.Subscribe(_ => wake.Writer.TryWrite(true)) : null;
        var first = await feed.ReadAsync(query, await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted);
        if (first is FeedPage.Events page && streaming)
        {
            return new EventStream(page, query, feed, wake, subscription!, TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), metrics);
        }
        subscription?.Dispose();
        return first switch
        {
            FeedPage.Expired expired => ApiProblem.Gone(expired.Horizon),
            FeedPage.Events events => ApiJson.Json(new EventPageDto(events.Items.Select(ApiModels.Event).ToList(), events.NextCursor)),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>Writes pages as they commit; reads the log after every wake-up, so order and redaction are the log's.</summary>
    private sealed class EventStream(FeedPage.Events first, FeedQuery query, EventFeed feed, Channel<bool> wake, IDisposable subscription, TimeSpan heartbeat,
        Core.Metrics.JadeMetrics metrics) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers[HeaderNames.CacheControl] = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            var cancel = context.RequestAborted;

            using var _ = subscription;
            metrics.FeedSubscribed();
            try
            {
                await StreamAsync(context, response, cancel);
            }
            finally
            {
                metrics.FeedUnsubscribed();
            }
        }

        private async Task StreamAsync(HttpContext context, HttpResponse response, CancellationToken cancel)
        {
            await response.WriteAsync("retry: 3000\n\n", cancel);
            await response.Body.FlushAsync(cancel);
            try
            {
                await WritePageAsync(response, first, cancel);
                FeedCursor.TryDecode(first.NextCursor, out var last);
                var caughtUp = first.Items.Count < query.Limit;
                var reader = new PageReader(feed, query, ApiCaller.Of(context), context.RequestServices, cancel);
                while (!cancel.IsCancellationRequested)
                {
                    if (caughtUp)
                    {
                        await WaitForEventsAsync(wake, response, cancel);
                    }
                    if (await reader.CatchUpAsync(last, page => WritePageAsync(response, page, cancel)) is not { } position)
                    {
                        // Behind the retention horizon (a reader far behind while old events expire), or the caller's token
                        // revoked or expired: the stream ends.
                        return;
                    }
                    last = position;
                    caughtUp = true;
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // The client went away.
            }
        }

        private static async Task WritePageAsync(HttpResponse response, FeedPage.Events page, CancellationToken cancel)
        {
            WriteEvents(response.BodyWriter, page.Items);
            await response.BodyWriter.FlushAsync(cancel);
        }

        /// <summary>
        /// Each event as <c>id</c>, <c>event</c> and <c>data</c> lines, written as UTF-8 straight into the response: a catch-up
        /// streams a million events, and building two strings per event was a large part of its cost. JSON escapes line
        /// breaks, so the data is one line.
        /// </summary>
        private static void WriteEvents(PipeWriter output, IReadOnlyList<FeedEvent> items)
        {
            using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = ApiJson.Output.Encoder, SkipValidation = true });
            foreach (var item in items)
            {
                output.Write("id: "u8);
                WriteAscii(output, item.Cursor);
                output.Write("\nevent: "u8);
                WriteAscii(output, ApiModels.EventTypeNames[item.Type]);
                output.Write("\ndata: "u8);
                json.Reset(output);
                JsonSerializer.Serialize(json, ApiModels.Event(item), ApiJson.Output);
                json.Flush();
                output.Write("\n\n"u8);
            }
        }

        private static void WriteAscii(IBufferWriter<byte> output, string text)
        {
            var span = output.GetSpan(text.Length);
            var written = System.Text.Encoding.ASCII.GetBytes(text, span);
            output.Advance(written);
        }

        /// <summary>Until something commits, or a heartbeat is due (then the log is read again anyway).</summary>
        private async Task WaitForEventsAsync(Channel<bool> wake, HttpResponse response, CancellationToken cancel)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(heartbeat);
            try
            {
                await wake.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                await response.WriteAsync(": heartbeat\n\n", cancel);
                await response.Body.FlushAsync(cancel);
            }
        }
    }

    /// <summary>
    /// Reads the log for a stream, page after page, in two stages that overlap: a page's rows are fetched from the store
    /// while the page before has its texts, names and artifacts looked up and is written (a fetch needs only the last row
    /// of the page before). A catch-up of a million events is otherwise one read after another on one core. The reader's
    /// rights are read again for every page: one who lost a right stops seeing what it showed. (Task.Run: the SQLite
    /// provider's "async" calls complete on the calling thread.)
    /// </summary>
    private sealed class PageReader(EventFeed feed, FeedQuery query, ApiCaller caller, IServiceProvider services, CancellationToken cancel)
    {
        /// <summary>
        /// Writes every page after <paramref name="after"/> until one is not full; the position reached, or null when it
        /// lies behind the retention horizon or the caller's token no longer holds.
        /// </summary>
        public async Task<long?> CatchUpAsync(long after, Func<FeedPage.Events, Task> write)
        {
            if (await caller.LoadWhileTokenHoldsAsync(services, cancel) is not { } viewer)
            {
                return null;
            }
            var fetching = FetchAsync(after, viewer);
            while (true)
            {
                if (await fetching is not FeedFetch.Rows rows)
                {
                    return null;
                }
                var resolving = Task.Run(() => feed.ResolveAsync(rows, cancel), cancel);
                var full = rows.Items.Count == query.Limit;
                Task? ahead = null;
                try
                {
                    if (full)
                    {
                        if (await caller.LoadWhileTokenHoldsAsync(services, cancel) is not { } next)
                        {
                            await Settled(resolving);
                            return null;
                        }
                        fetching = FetchAsync(rows.Last, next);
                        ahead = fetching;
                    }
                    await write(await resolving);
                }
                catch
                {
                    // Nothing left running past the request; this failure (mostly: the client went away) is the one reported.
                    await Task.WhenAll(Settled(resolving), Settled(ahead));
                    throw;
                }
                if (!full)
                {
                    return rows.Last;
                }
            }
        }

        private static Task Settled(Task? task) => task?.ContinueWith(static done => done.Exception, TaskScheduler.Default) ?? Task.CompletedTask;

        private Task<FeedFetch> FetchAsync(long after, Core.Permissions.Actor viewer) =>
            Task.Run(() => feed.FetchAsync(query with { AfterSeq = after, Since = null }, viewer, cancel), cancel);
    }
}
