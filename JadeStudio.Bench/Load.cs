using System.Diagnostics;

namespace JadeStudio.Bench;

public sealed record LoadResult(int Requests, int Failures, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;
}

/// <summary>A closed-loop load generator: <c>clients</c> concurrent callers, each sending its next request when the last one answered.</summary>
public static class Load
{
    /// <summary>
    /// The unmeasured load that brings a path to its steady state: an app that has just started served reads at a third
    /// of their later rate, and spent a sixth of its CPU in the JIT while writing, over its first 5-10 s of load.
    /// </summary>
    public static readonly TimeSpan SteadyState = TimeSpan.FromSeconds(15);

    /// <param name="warmUp">
    /// Unmeasured load before the measurement, for a steady state: a process that has just started serves a path
    /// at a third of its later rate for seconds (tiered JIT and dynamic PGO recompile its hot methods under load).
    /// Its requests are numbered below zero, like the one request per client every run starts with.
    /// </param>
    /// <param name="measuring">Called when the measured load begins (after the warm-up), e.g. to read the app's CPU time.</param>
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Func<HttpClient, int, Task<bool>> send, TimeSpan warmUp = default, Action? measuring = null)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        // Warm-up: connections, JIT and caches on both sides.
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => send(http, -1 - i)));
        if (warmUp > TimeSpan.Zero)
        {
            var warming = Stopwatch.StartNew();
            var below = -clients;
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                while (warming.Elapsed < warmUp)
                {
                    await send(http, Interlocked.Decrement(ref below));
                }
            }));
        }

        var latencies = new List<double>[clients];
        var failures = 0;
        var counter = 0;
        measuring?.Invoke();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = latencies[client] = [];
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                var ok = await send(http, Interlocked.Increment(ref counter));
                mine.Add((clock.Elapsed - started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new LoadResult(all.Count - failures, failures, seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
