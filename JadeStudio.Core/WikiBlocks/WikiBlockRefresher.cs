using JadeStudio.Core.Http;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.WikiBlocks;

/// <summary>Reads due users' blocks from every wiki, 50 names to a request (<c>list=blocks&amp;bkusers=…</c>).</summary>
public sealed class WikiBlockRefresher(WikiBlockCache cache, IWikiBlockSource source, ILogger<WikiBlockRefresher> logger)
{
    /// <summary>A wiki that is down (or out of the node's reach) is asked every round, and logged when it stops and when it answers again.</summary>
    private readonly Outages _outages = new();

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
                    logger.Log(_outages.Failed(wiki),
                        "Blocks of {Count} users could not be read from {Wiki} ({Problem}); their earlier state stands, and the wiki is asked again each round (logged again when it answers).",
                        batch.Length, wiki, result.Problem);
                    continue;
                }
                if (_outages.Answered(wiki))
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
