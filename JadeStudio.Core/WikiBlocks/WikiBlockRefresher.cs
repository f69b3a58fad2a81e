using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.WikiBlocks;

/// <summary>Reads due users' blocks from every wiki, 50 names to a request (<c>list=blocks&amp;bkusers=…</c>).</summary>
public sealed class WikiBlockRefresher(WikiBlockCache cache, IWikiBlockSource source, ILogger<WikiBlockRefresher> logger)
{
    /// <summary>
    /// Wikis whose last answer failed. A wiki that is down (or out of reach of the node) is asked every round; its outage
    /// is logged as a warning once, when it begins, and its end once, not four times a minute for as long as it lasts.
    /// </summary>
    private readonly ConcurrentDictionary<string, bool> _notAnswering = new(StringComparer.Ordinal);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var due = cache.Due();
        foreach (var batch in due.Chunk(50))
        {
            var answers = batch.ToDictionary(u => u.UserId, _ => new Dictionary<string, WikiBlockCache.WikiAnswer>());
            var complete = true;
            foreach (var wiki in cache.Wikis)
            {
                var askedAt = cache.Now;
                var result = await source.BlocksAsync(wiki, [.. batch.Select(u => u.Name)], cancellationToken);
                if (result.Value is not { } blocks)
                {
                    complete = false;
                    logger.Log(_notAnswering.TryAdd(wiki, true) ? LogLevel.Warning : LogLevel.Debug,
                        "Blocks of {Count} users could not be read from {Wiki} ({Problem}); their earlier state stands, and the wiki is asked again each round (logged again when it answers).",
                        batch.Length, wiki, result.Problem);
                    continue;
                }
                if (_notAnswering.TryRemove(wiki, out _))
                {
                    logger.LogInformation("{Wiki} answers about blocks again.", wiki);
                }
                foreach (var (userId, name) in batch)
                {
                    // A sitewide block wins over a partial one of the same user.
                    answers[userId][wiki] = new(blocks.Where(b => b.User == name).OrderBy(b => b.Partial).FirstOrDefault(), askedAt);
                }
            }
            foreach (var (userId, byWiki) in answers)
            {
                cache.Record(userId, byWiki, complete);
            }
        }
    }
}
