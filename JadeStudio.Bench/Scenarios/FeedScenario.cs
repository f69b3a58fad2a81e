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

        var clock = Stopwatch.StartNew();
        var paged = 0;
        string? cursor = null;
        while (true)
        {
            // Parsed from the byte stream, as a consumer would, rather than first decoded into a string.
            await using var body = await http.GetStreamAsync("api/v1/events?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            using var page = await JsonDocument.ParseAsync(body);
            var count = page.RootElement.GetProperty("events").GetArrayLength();
            paged += count;
            cursor = page.RootElement.GetProperty("next").GetString();
            if (count < 1000)
            {
                break;
            }
        }
        var pagedRate = paged / clock.Elapsed.TotalSeconds;

        clock.Restart();
        var streamed = 0;
        // A stream without a resume point starts "now"; `since` (within the retention horizon) replays the log first.
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events?limit=1000&since=" + since))
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (streamed < paged && await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    streamed++;
                }
            }
        }
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
