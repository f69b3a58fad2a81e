namespace JadeStudio.Core.Events;

/// <summary>Tells an in-process event's subscribers, one by one.</summary>
public static class Subscribers
{
    /// <summary>
    /// Calls each subscriber; one that fails (a closing page) neither keeps the others from hearing nor reaches the
    /// caller, whose own work (a committed claim, a job's progress, the PostgreSQL relay's connection) is done.
    /// </summary>
    public static void Tell<T>(Action<T>? subscribers, T value)
    {
        foreach (var subscriber in subscribers?.GetInvocationList().Cast<Action<T>>() ?? [])
        {
            try
            {
                subscriber(value);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // As the event hub's subscribers: the page misses one update and reads afresh when it next renders.
            }
        }
    }
}
