using System.Collections.Concurrent;

namespace JadeStudio.Core.RateLimits;

/// <summary>
/// Counts requests per key in fixed time windows, for rate limits that every app node must enforce together (API writes
/// per token). <see cref="InProcessRateWindowCounter"/> serves one node; the PostgreSQL store's counts in the database,
/// so two nodes do not each grant the whole limit.
/// </summary>
public interface IRateWindowCounter
{
    /// <summary>Counts one more request of <paramref name="key"/> in window number <paramref name="window"/>; returns the window's count including it.</summary>
    Task<long> AddAsync(string key, long window, CancellationToken cancellationToken = default);
}

/// <summary>Counts in this process: enough where one node serves (SQLite).</summary>
public sealed class InProcessRateWindowCounter : IRateWindowCounter
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public Task<long> AddAsync(string key, long window, CancellationToken cancellationToken = default)
    {
        var current = _windows.AddOrUpdate(key, _ => new Window(window), (_, existing) => existing.Number == window ? existing : new Window(window));
        var count = current.Add();
        if (_windows.Count > 10_000)
        {
            // Keys of past windows are of no use; dropping them keeps memory bounded whatever the number of clients.
            foreach (var (stale, _) in _windows.Where(w => w.Value.Number < window))
            {
                _windows.TryRemove(stale, out _);
            }
        }
        return Task.FromResult(count);
    }

    private sealed class Window(long number)
    {
        private long _count;

        public long Number => number;

        public long Add() => Interlocked.Increment(ref _count);
    }
}
