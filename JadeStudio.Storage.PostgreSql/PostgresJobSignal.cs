using JadeStudio.Core.Jobs;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// Tells every node (the running one included) that a job moved: a NOTIFY on <see cref="PostgresStore.JobChannel"/>,
/// which each node's <see cref="PostgresCommitRelay"/> hands to its <see cref="JobHub"/>.
/// </summary>
public sealed class PostgresJobSignal(PostgresStore store) : IJobSignal
{
    public async Task JobChangedAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await using var notify = store.DataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
        notify.Parameters.AddWithValue("channel", PostgresStore.JobChannel);
        notify.Parameters.AddWithValue("payload", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }
}
