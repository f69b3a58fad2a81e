namespace JadeStudio.Core.Jobs;

/// <summary>
/// Tells this node's pages that a background job moved (started, a batch done, finished), wherever it runs: the job's
/// node calls <see cref="IJobSignal.JobChangedAsync"/>, which reaches every node's hub.
/// </summary>
public sealed class JobHub
{
    public event Action<long>? Changed;

    public void Raise(long jobId) => Changed?.Invoke(jobId);
}

/// <summary>
/// Carries "job N moved" to every node's <see cref="JobHub"/>. <see cref="InProcessJobSignal"/> serves one node
/// (SQLite); the PostgreSQL store's notifies every node listening on the database.
/// </summary>
public interface IJobSignal
{
    Task JobChangedAsync(long jobId, CancellationToken cancellationToken = default);
}

public sealed class InProcessJobSignal(JobHub hub) : IJobSignal
{
    public Task JobChangedAsync(long jobId, CancellationToken cancellationToken = default)
    {
        hub.Raise(jobId);
        return Task.CompletedTask;
    }
}
