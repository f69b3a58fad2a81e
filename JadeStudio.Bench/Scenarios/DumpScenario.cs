using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace JadeStudio.Bench.Scenarios;

/// <summary>
/// 7: writing the dumps of the whole seeded database (a public and a full dump of every event and row), in an app of its
/// own: its peak resident memory while it writes (the kernel's high-water mark, reset at the request), against the same process idle just before. Writing
/// streams page by page, so the peak must stay within 100 MB of idle however many events there are.
/// </summary>
public static class DumpScenario
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(string repository, string dataDirectory, SeededData data)
    {
        // The dump job says in the log when a run ended: the bench waits for that line instead of asking the API again and again.
        await using var app = await BenchApp.StartAsync(repository, dataDirectory,
            new Dictionary<string, string> { ["Logging__LogLevel__JadeStudio.Core.Dumps.DumpJob"] = "Information" });
        using var http = new HttpClient { BaseAddress = app.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", data.DumpToken);
        // Warm the paths a run takes (JIT of the API, the writer's queries) with a read of the list, then settle.
        (await http.GetAsync("api/v1/dumps")).EnsureSuccessStatusCode();
        var idle = await Machine.SettledMemoryAsync(app.ProcessId);
        var idleKinds = Machine.ResidentKindsOf(app.ProcessId);
        var known = await IdsAsync(http);

        var clock = Stopwatch.StartNew();
        // The kernel's own high-water mark, reset now: every peak counts, not only those a sampler happens to see.
        await File.WriteAllTextAsync($"/proc/{app.ProcessId}/clear_refs", "5");
        (await http.PostAsync("api/v1/dumps", null)).EnsureSuccessStatusCode();
        // The run's end, or an error in the log (a failed dump is logged by Quartz and marked failed in the list).
        await app.LineAsync(line => line.Contains("Dump run (", StringComparison.Ordinal) && line.Contains(") done:", StringComparison.Ordinal)
            || line.StartsWith("fail:", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromHours(1));
        var peak = Machine.MemoryOf(app.ProcessId).Peak;
        var endKinds = Machine.ResidentKindsOf(app.ProcessId);
        using var list = JsonDocument.Parse(await http.GetStringAsync("api/v1/dumps"));
        var fresh = list.RootElement.EnumerateArray().Where(d => !known.Contains(d.GetProperty("id").GetInt64())).ToList();
        if (fresh.Count != 2 || fresh.Any(d => d.GetProperty("state").GetString() != "ready"))
        {
            throw new InvalidOperationException("The dump run ended without a public and a full dump ready; see the app's log.");
        }
        var rows = fresh.Sum(d => d.GetProperty("done").GetInt64());
        var seconds = clock.Elapsed.TotalSeconds;
        return
        [
            new("7 dump", $"public + full dump of {data.Events:N0} events: peak above idle", "MB", peak - idle, null, TargetKind.AtMost, 100,
                $"idle {Measurement.Format(idle)} MB, peak {Measurement.Format(peak)} MB (resident; peak: the kernel's high-water mark, reset at the request); {rows:N0} rows in {seconds:0} s ({rows / seconds:N0} rows/s); " +
                $"resident at the end against idle: anonymous {Measurement.Format(endKinds.Anonymous - idleKinds.Anonymous)} MB, file-backed (code and mapped files) {Measurement.Format(endKinds.FileBacked - idleKinds.FileBacked)} MB"),
        ];
    }

    private static async Task<HashSet<long>> IdsAsync(HttpClient http)
    {
        using var list = JsonDocument.Parse(await http.GetStringAsync("api/v1/dumps"));
        return list.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToHashSet();
    }
}
