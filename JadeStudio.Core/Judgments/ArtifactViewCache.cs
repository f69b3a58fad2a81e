using System.Collections.Concurrent;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Events;
using JadeStudio.Core.Visibility;

namespace JadeStudio.Core.Judgments;

/// <summary>
/// Artifact views as last read, per artifact and per how much hidden content the viewer may see (the only
/// way views differ between viewers). An entry is valid while no write has committed since it was read:
/// every change (judgments, visibility, hidden users, renames) commits through the single writer, which
/// counts commits. Reads between writes, the common case, then cost a dictionary lookup.
/// </summary>
public sealed class ArtifactViewCache(EventHub hub)
{
    // A few KB per view (and its JSON): a bound that keeps the cache to tens of MB whatever is crawled.
    private const int MaxEntries = 2_000;

    private readonly ConcurrentDictionary<(ArtifactKey Key, FieldVisibility Sees), (long Generation, ArtifactView View)> _entries = new();

    public async Task<ArtifactView> GetOrReadAsync(ArtifactKey key, FieldVisibility sees, Func<Task<ArtifactView>> read)
    {
        // Taken before reading: a commit during the read leaves the entry stamped older, so it is read again next time.
        var generation = hub.Generation;
        if (_entries.TryGetValue((key, sees), out var entry) && entry.Generation == generation)
        {
            return entry.View;
        }
        var view = await read();
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[(key, sees)] = (generation, view);
        return view;
    }
}
