namespace JadeStudio.Core.Events;

/// <summary>
/// In-process notification of committed events (live UI updates, feed subscribers). Handlers run
/// on the writer after commit and must return quickly: hand work to your own thread or dispatcher.
/// </summary>
public sealed class EventHub
{
    private readonly object _gate = new();
    private ImmutableHandlers _handlers = new([]);
    private long _generation;

    /// <summary>Counts committed write batches: anything read from the store before the last commit may be stale.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Called by the single writer after every successful commit, before any subscriber or caller hears of it.</summary>
    internal void Committed() => Interlocked.Increment(ref _generation);

    /// <summary>
    /// A commit of another app node on the same database (relayed by the store's notifications): what was read before it may
    /// be stale here too, and its events reach this node's live views and feed subscribers like local ones.
    /// </summary>
    public void CommittedElsewhere(IReadOnlyList<StoredEvent> events)
    {
        Committed();
        Publish(events);
    }

    public IDisposable Subscribe(Action<IReadOnlyList<StoredEvent>> handler)
    {
        lock (_gate)
        {
            _handlers = new ImmutableHandlers([.. _handlers.Items, handler]);
        }
        return new Subscription(this, handler);
    }

    internal void Publish(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        foreach (var handler in _handlers.Items)
        {
            try
            {
                handler(events);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A failing subscriber (e.g. a closed circuit) must not affect committed writes or other subscribers.
            }
        }
    }

    private void Unsubscribe(Action<IReadOnlyList<StoredEvent>> handler)
    {
        lock (_gate)
        {
            _handlers = new ImmutableHandlers(_handlers.Items.Where(h => h != handler).ToArray());
        }
    }

    private sealed record ImmutableHandlers(Action<IReadOnlyList<StoredEvent>>[] Items);

    private sealed class Subscription(EventHub hub, Action<IReadOnlyList<StoredEvent>> handler) : IDisposable
    {
        public void Dispose() => hub.Unsubscribe(handler);
    }
}
