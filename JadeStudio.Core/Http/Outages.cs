using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.Http;

/// <summary>
/// Which outside services (wikis, a score service) stopped answering reads a node repeats (every round of a worker, every
/// page a reader opens), so that an outage is logged as a warning when it begins and as one line when it ends, not at
/// every read for as long as it lasts.
/// </summary>
public sealed class Outages
{
    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.Ordinal);

    /// <summary>The level to log this failure at: a warning if the service answered last time, debug while it stays down.</summary>
    public LogLevel Failed(string service) => _down.TryAdd(service, true) ? LogLevel.Warning : LogLevel.Debug;

    /// <summary>True when the service answers after an outage (worth a line in the log), false when it simply answers again.</summary>
    public bool Answered(string service) => _down.TryRemove(service, out _);
}
