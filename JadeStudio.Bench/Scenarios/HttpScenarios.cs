using System.Net.Http.Headers;
using System.Text;

namespace JadeStudio.Bench.Scenarios;

/// <summary>2 and 3: judgment writes and artifact reads over HTTP with 64 clients, each against a bare Kestrel endpoint.</summary>
public static class HttpScenarios
{
    private const string Judgment = """{"facet": "editquality", "labeldata": {"damaging": false, "goodfaith": true}, "comment": "bench"}""";

    public static async Task<IReadOnlyList<Measurement>> WritesAsync(BenchApp app, BareServer bare, SeededData data, int clients, TimeSpan duration)
    {
        var cpuBefore = 0.0;
        var revId = 30_000_000;
        // Both sides in their steady state, as the reads: the app has not written before (the JIT took a sixth of its
        // CPU in the first seconds of this load).
        var real = await Load.RunAsync(clients, duration, async (http, _) =>
        {
            // Every request judges a different edit: a new proposal and endorsement, durably committed.
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.Address, $"api/v1/artifacts/enwiki/diff/{Interlocked.Increment(ref revId)}/judgments"))
            {
                Content = new StringContent(Judgment, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", data.JudgeToken);
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }, Load.SteadyState, () => cpuBefore = Machine.CpuMsOf(app.ProcessId));
        // The measured requests' CPU (the requests still in flight at either end of the window even out).
        var cpuPerRequest = (Machine.CpuMsOf(app.ProcessId) - cpuBefore) / (real.Requests + real.Failures);
        var baseline = await Load.RunAsync(clients, duration, async (http, _) =>
        {
            using var response = await http.PostAsync(new Uri(bare.Address, "write"), new StringContent(Judgment, Encoding.UTF8, "application/json"));
            return response.IsSuccessStatusCode;
        }, Load.SteadyState);
        Failures("writes", real);
        return
        [
            new("2 writes", $"propose-or-endorse, {clients} clients", "req/s", real.PerSecond, baseline.PerSecond, TargetKind.RatioAtLeast, 2,
                $"bare INSERT+COMMIT: {Measurement.Format(baseline.PerSecond)} req/s, p99 {Measurement.Format(baseline.P99Ms)} ms"),
            new("2 writes", "p99 latency", "ms", real.P99Ms, null, TargetKind.AtMost, 50, $"p50 {Measurement.Format(real.P50Ms)} ms; app CPU {Measurement.Format(cpuPerRequest)} ms per request"),
        ];
    }

    public static async Task<(IReadOnlyList<Measurement> Rows, byte[] Body)> ReadsAsync(BenchApp app, Func<byte[], Task<BareServer>> bareFor, SeededData data, int clients, TimeSpan duration,
        string scenario = "3 reads")
    {
        var path = $"api/v1/artifacts/{data.ReadArtifact}";
        using var probe = new HttpClient();
        var body = await probe.GetByteArrayAsync(new Uri(app.Address, path));
        await using var bare = await bareFor(body);
        // Both sides are measured in their steady state, whatever ran before: on an app that has just started (alone, or
        // a PostgreSQL node), reads ran at a third of their later rate for the first 5-10 s of load.
        var real = await Load.RunAsync(clients, duration, async (http, _) =>
        {
            using var response = await http.GetAsync(new Uri(app.Address, path));
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        }, Load.SteadyState);
        var baseline = await Load.RunAsync(clients, duration, async (http, _) =>
        {
            using var response = await http.GetAsync(new Uri(bare.Address, "static"));
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        }, Load.SteadyState);
        Failures("reads", real);
        return ([
            new(scenario, $"GET artifact (5 proposals, 20 endorsements, {body.Length:N0} bytes), {clients} clients", "req/s", real.PerSecond, baseline.PerSecond,
                TargetKind.RatioAtLeast, 0.5, $"p99 {Measurement.Format(real.P99Ms)} ms; static body: p99 {Measurement.Format(baseline.P99Ms)} ms"),
        ], body);
    }

    /// <summary>
    /// The same artifact reads on a second app with content from the wikis on (a fake wiki), against the app with it
    /// off: the API serves the revision block from the cache and never asks a wiki on the read path, so it must not
    /// be slower (the wiki's request count while measuring shows it is not asked).
    /// Each side is measured twice, alternately, so drift on a shared machine falls on both.
    /// </summary>
    public static async Task<IReadOnlyList<Measurement>> ReadsWithContentAsync(BenchApp off, BenchApp on, FakeWiki wiki, SeededData data, int clients, TimeSpan duration)
    {
        var path = $"api/v1/artifacts/{data.ReadArtifact}";
        using var probe = new HttpClient();
        // The seed put the revision in the content cache, as a first read would have: every read has the block.
        if (!(await probe.GetStringAsync(new Uri(on.Address, path))).Contains("\"cached\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The artifact's revision block is not in the content app's answer; the measurement would be meaningless.");
        }
        var asked = wiki.Requests;
        var half = duration / 2;
        async Task<LoadResult> Reads(BenchApp app, TimeSpan warmUp = default) => await Load.RunAsync(clients, half, async (http, _) =>
        {
            using var response = await http.GetAsync(new Uri(app.Address, path));
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        }, warmUp);
        // The content app has just started while the other has served scenario 3 already: the new one gets scenario 3's
        // warm-up (tiered JIT and dynamic PGO settle over seconds of load), then both are measured alternately.
        await Reads(on, Load.SteadyState);
        await Reads(off);
        var offFirst = await Reads(off);
        var onFirst = await Reads(on);
        var offSecond = await Reads(off);
        var onSecond = await Reads(on);
        foreach (var result in new[] { offFirst, onFirst, offSecond, onSecond })
        {
            Failures("reads", result);
        }
        return [
            new("3 reads, content on", $"GET artifact with its cached revision block, {clients} clients; baseline: the same with content off", "req/s",
                (onFirst.PerSecond + onSecond.PerSecond) / 2, (offFirst.PerSecond + offSecond.PerSecond) / 2, TargetKind.RatioAtLeast, 0.9,
                $"p99 {Measurement.Format(Math.Max(onFirst.P99Ms, onSecond.P99Ms))} ms (off: {Measurement.Format(Math.Max(offFirst.P99Ms, offSecond.P99Ms))} ms); wiki asked {wiki.Requests - asked} times while measured"),
        ];
    }

    private static void Failures(string what, LoadResult result)
    {
        if (result.Failures > 0)
        {
            throw new InvalidOperationException($"{result.Failures} of the {what} failed; the measurement would be meaningless.");
        }
    }
}
