namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Whether this node's database schema is current. A node left to the operator's migrate command serves only health
/// checks until it is (<see cref="SchemaGate"/>), and its background jobs wait for it too.
/// </summary>
public sealed class SchemaState
{
    private readonly TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the schema was found current.</summary>
    public Task Current => _current.Task;

    public bool IsCurrent => _current.Task.IsCompleted;

    public void MarkCurrent() => _current.TrySetResult();
}
