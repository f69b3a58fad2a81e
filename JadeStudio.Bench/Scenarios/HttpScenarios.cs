using System.Net.Http.Headers;
using System.Text;

namespace JadeStudio.Bench.Scenarios;

/// <summary>2 and 3: judgment writes and artifact reads over HTTP with 64 clients, each against a bare Kestrel endpoint.</summary>
public static class HttpScenarios
{
    private const string Judgment = """{"facet": "editquality", "labeldata": {"damaging": false, "goodfaith": true}, "comment": "bench"}""";

    public static async Task<IReadOnlyList<Measurement>> WritesAsync(BenchApp app, BareServer bare, SeededData data, int clients, TimeSpan duration)
    {
        var real = await Load.RunAsync(clients, duration, async (http, n) =>
        {
            // Every request judges a different edit: a new proposal and endorsement, durably committed.
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.Address, $"api/v1/artifacts/enwiki/diff/{30_000_000 + n + 1_000}/judgments"))
            {
                Content = new StringContent(Judgment, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", data.JudgeToken);
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        });
        var baseline = await Load.RunAsync(clients, duration, async (http, _) =>
        {
            using var response = await http.PostAsync(new Uri(bare.Address, "write"), new StringContent(Judgment, Encoding.UTF8, "application/json"));
            return response.IsSuccessStatusCode;
        });
        Failures("writes", real);
        return
        [
            new("2 writes", $"propose-or-endorse, {clients} clients", "req/s", real.PerSecond, baseline.PerSecond, TargetKind.RatioAtLeast, 2,
                $"bare INSERT+COMMIT: {Measurement.Format(baseline.PerSecond)} req/s, p99 {Measurement.Format(baseline.P99Ms)} ms"),
            new("2 writes", "p99 latency", "ms", real.P99Ms, null, TargetKind.AtMost, 50, $"p50 {Measurement.Format(real.P50Ms)} ms"),
        ];
    }

    public static async Task<(IReadOnlyList<Measurement> Rows, byte[] Body)> ReadsAsync(BenchApp app, Func<byte[], Task<BareServer>> bareFor, SeededData data, int clients, TimeSpan duration)
    {
        var path = $"api/v1/artifacts/{data.ReadArtifact}";
        using var probe = new HttpClient();
        var body = await probe.GetByteArrayAsync(new Uri(app.Address, path));
        await using var bare = await bareFor(body);
        var real = await Load.RunAsync(clients, duration, async (http, _) =>
        {
            using var response = await http.GetAsync(new Uri(app.Address, path));
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        });
        var baseline = await Load.RunAsync(clients, duration, async (http, _) =>
        {
            using var response = await http.GetAsync(new Uri(bare.Address, "static"));
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        });
        Failures("reads", real);
        return ([
            new("3 reads", $"GET artifact (5 proposals, 20 endorsements, {body.Length:N0} bytes), {clients} clients", "req/s", real.PerSecond, baseline.PerSecond,
                TargetKind.RatioAtLeast, 0.5, $"p99 {Measurement.Format(real.P99Ms)} ms; static body: p99 {Measurement.Format(baseline.P99Ms)} ms"),
        ], body);
    }

    private static void Failures(string what, LoadResult result)
    {
        if (result.Failures > 0)
        {
            throw new InvalidOperationException($"{result.Failures} of the {what} failed; the measurement would be meaningless.");
        }
    }
}
