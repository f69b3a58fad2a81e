using JadeStudio.Core.RateLimits;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// Counts in the shared database (table <c>rate_windows</c>): one upsert per counted request, outside the single writer
/// (a count is not a change users see, and a refused request must count too), on connections whose commits do not wait
/// for the disk (<see cref="PostgresStore.CountsSource"/>). Windows older than the previous one are deleted now and then
/// by whichever node counts.
/// </summary>
public sealed class PostgresRateWindowCounter(PostgresStore store) : IRateWindowCounter
{
    private long _calls;

    public async Task<long> AddAsync(string key, long window, CancellationToken cancellationToken = default)
    {
        await using var command = store.CountsSource.CreateCommand("""
            INSERT INTO rate_windows (key, window_number, count) VALUES (@key, @window, 1)
            ON CONFLICT (key, window_number) DO UPDATE SET count = rate_windows.count + 1
            RETURNING count
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("window", window);
        var count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (Interlocked.Increment(ref _calls) % 1000 == 0)
        {
            await using var sweep = store.CountsSource.CreateCommand("DELETE FROM rate_windows WHERE window_number < @window - 1");
            sweep.Parameters.AddWithValue("window", window);
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }
        return count;
    }
}
