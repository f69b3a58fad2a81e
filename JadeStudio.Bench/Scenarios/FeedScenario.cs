using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace JadeStudio.Bench.Scenarios;

/// <summary>4: catching up on the whole event feed as JSON pages and as Server-Sent Events, against reading the rows raw.</summary>
public static class FeedScenario
{
    public static Task<IReadOnlyList<Measurement>> RunAsync(BenchApp app, string databasePath, int events) =>
        RunAsync("4 feed", app, () => RawReadAsync(databasePath), events);

    /// <param name="rawRead">Reads every column of every event row in order from the app's database; returns rows per second.</param>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(string scenario, BenchApp app, Func<Task<double>> rawRead, int events)
    {
        var baseline = await rawRead();
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(10) };
        await WarmUpAsync(http, events);

        var clock = Stopwatch.StartNew();
        var paged = 0;
        string? cursor = null;
        while (true)
        {
            var (count, next) = await ReadPageAsync(http, cursor);
            paged += count;
            cursor = next;
            if (count < 1000)
            {
                break;
            }
        }
        var pagedRate = paged / clock.Elapsed.TotalSeconds;

        clock.Restart();
        var streamed = await StreamAsync(http, upTo: paged, TimeSpan.MaxValue);
        var streamedRate = streamed / clock.Elapsed.TotalSeconds;
        if (paged < events || streamed < paged)
        {
            throw new InvalidOperationException($"The feed returned {paged:N0} events as pages and {streamed:N0} as a stream; {events:N0} were stored.");
        }
        return
        [
            // #20: against the raw read in the same run only (absolute rates moved 2× between machines of one kind).
            new(scenario, $"{paged:N0} events as JSON pages of 1,000", "events/s", pagedRate, baseline, TargetKind.RatioAtLeast, 0.5),
            new(scenario, $"{streamed:N0} events as SSE", "events/s", streamedRate, baseline, TargetKind.RatioAtLeast, 0.5),
        ];
    }

    /// <summary>
    /// Unmeasured paging, then streaming, for <see cref="Load.SteadyState"/> in all, as the reads and writes are warmed:
    /// a node that had just started spent a quarter of its CPU in the JIT while catching up (`perf`, PostgreSQL, 2026-12-03).
    /// </summary>
    private static async Task WarmUpAsync(HttpClient http, int events)
    {
        var half = Load.SteadyState / 2;
        var clock = Stopwatch.StartNew();
        string? cursor = null;
        while (clock.Elapsed < half)
        {
            var (count, next) = await ReadPageAsync(http, cursor);
            // From the start again at the end of the log.
            cursor = count < 1000 ? null : next;
        }
        // Until caught up at the latest: a stream then waits for new events.
        await StreamAsync(http, upTo: events, half);
    }

    /// <summary>A page of 1,000 parsed from the byte stream, as a consumer would, rather than first decoded into a string.</summary>
    private static async Task<(int Count, string? Next)> ReadPageAsync(HttpClient http, string? cursor)
    {
        await using var body = await http.GetStreamAsync("api/v1/events?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
        using var page = await JsonDocument.ParseAsync(body);
        return (page.RootElement.GetProperty("events").GetArrayLength(), page.RootElement.GetProperty("next").GetString());
    }

    /// <summary>Reads the event stream from the start of the log until <paramref name="upTo"/> events or <paramref name="limit"/>; the events read.</summary>
    private static async Task<int> StreamAsync(HttpClient http, int upTo, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        // A stream without a resume point starts "now"; `since` (within the retention horizon) replays the log first.
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events?limit=1000&since=" + since);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var streamed = 0;
        while (streamed < upTo && clock.Elapsed < limit && await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                streamed++;
            }
        }
        return streamed;
    }

    /// <summary>Every column of every event row, in order, straight from SQLite.</summary>
    private static async Task<double> RawReadAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM events ORDER BY Seq";
        return await RowsPerSecondAsync(command);
    }

    /// <summary>Runs the query and reads every column of every row; rows per second.</summary>
    public static async Task<double> RowsPerSecondAsync(System.Data.Common.DbCommand command)
    {
        var clock = Stopwatch.StartNew();
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }
        return rows / clock.Elapsed.TotalSeconds;
    }
}
