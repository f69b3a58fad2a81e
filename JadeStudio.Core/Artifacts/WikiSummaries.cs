using JadeStudio.Core.Events;

namespace JadeStudio.Core.Artifacts;

/// <summary>Each wiki's counts as <see cref="WikiSummaries"/> last made them, and whether a write has committed since.</summary>
public sealed record WikiCounts(IReadOnlyDictionary<string, WikiSummary> Wikis, DateTimeOffset CountedAt, bool Current)
{
    public static readonly WikiCounts None = new(new Dictionary<string, WikiSummary>(), DateTimeOffset.MinValue, true);

    public WikiSummary Of(string wiki) => Wikis.GetValueOrDefault(wiki) ?? new WikiSummary(wiki, 0, 0, 0);
}

/// <summary>
/// How much of each wiki is judged and disputed (the home page, the wiki list, an artifact list's pages). Counting reads
/// every artifact and proposal — about half a second for 600,000 artifacts — so it is not done at every view: the counts
/// are kept while no write commits (<see cref="EventHub.Generation"/>, as <see cref="Judgments.ArtifactViewCache"/> does),
/// which makes them exact between writes; while writes go on they are counted again at most every <see cref="RecountAfter"/>,
/// and say when they were counted. Views at the same moment share one count.
/// </summary>
public sealed class WikiSummaries(ArtifactQueries queries, EventHub hub, TimeProvider clock)
{
    public static readonly TimeSpan RecountAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Counting? _last;

    private sealed record Counting(long Generation, DateTimeOffset StartedAt, Task<IReadOnlyDictionary<string, WikiSummary>> Counts);

    public async Task<WikiCounts> GetAsync(CancellationToken cancellationToken = default)
    {
        Counting counting;
        lock (_gate)
        {
            // Taken before counting: a commit during the count leaves it stamped older, so the next view counts again.
            var generation = hub.Generation;
            var now = clock.GetUtcNow();
            if (_last is null || _last.Counts.IsFaulted || _last.Counts.IsCanceled
                || (_last.Generation != generation && now - _last.StartedAt >= RecountAfter))
            {
                // Not the caller's token: others may be waiting for the same count.
                _last = new Counting(generation, now, queries.SummariesAsync(CancellationToken.None));
            }
            counting = _last;
        }
        var counts = await counting.Counts.WaitAsync(cancellationToken);
        return new WikiCounts(counts, counting.StartedAt, counting.Generation == hub.Generation);
    }
}
