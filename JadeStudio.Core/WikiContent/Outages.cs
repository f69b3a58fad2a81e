using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// Which wikis stopped answering a read a node repeats every few seconds, so that an outage is logged as a warning when
/// it begins and as one line when it ends, not at every round for as long as it lasts.
/// </summary>
public sealed class Outages
{
    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.Ordinal);

    /// <summary>The level to log this failure at: a warning if the wiki answered last time, debug while it stays down.</summary>
    public LogLevel Failed(string wiki) => _down.TryAdd(wiki, true) ? LogLevel.Warning : LogLevel.Debug;

    /// <summary>True when the wiki answers after an outage (worth a line in the log), false when it simply answers again.</summary>
    public bool Answered(string wiki) => _down.TryRemove(wiki, out _);
}
