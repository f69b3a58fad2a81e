namespace JadeStudio.Core.Jobs;

/// <summary>
/// Tells this node's pages that a background job moved (started, a batch done, finished), wherever it runs: the job's
/// node calls <see cref="IJobSignal.JobChangedAsync"/>, which reaches every node's hub.
/// </summary>
public sealed class JobHub
{
    public event Action<long>? Changed;

    /// <summary>Tells every page here (<see cref="Events.Subscribers.Tell"/>: one that fails keeps neither the others nor the job from going on).</summary>
    public void Raise(long jobId) => Events.Subscribers.Tell(Changed, jobId);
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

/// <summary>
/// Cancelled when this node stops: its running jobs unwind and put themselves back in the queue, and the node waits for
/// them (<see cref="DrainedAsync"/>) before it lets go of the database. The node's own signal, not Quartz's shutdown
/// interruption, which on a clustered store goes through the job store the shutdown is closing.
/// </summary>
public sealed class JobShutdown
{
    // Never disposed: it has no timer to release, and the host may signal it after the container let go of its singletons.
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private int _running;
    private TaskCompletionSource? _drained;

    public CancellationToken Token => _stopping.Token;

    public void Signal() => _stopping.Cancel();

    /// <summary>A job runs until the scope is disposed.</summary>
    public Running Enter()
    {
        lock (_gate)
        {
            _running++;
        }
        return new Running(this);
    }

    /// <summary>Completes once no job of this node runs.</summary>
    public Task DrainedAsync()
    {
        lock (_gate)
        {
            if (_running == 0)
            {
                return Task.CompletedTask;
            }
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_running == 0)
            {
                _drained?.TrySetResult();
                _drained = null;
            }
        }
    }

    public readonly struct Running(JobShutdown owner) : IDisposable
    {
        public void Dispose() => owner.Exit();
    }
}
