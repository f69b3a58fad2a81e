using System.Collections.Concurrent;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Core.WikiBlocks;

/// <summary>
/// What each wiki said about each active user's blocks. Commands read it without waiting (they run on the single
/// writer, which must never wait for a wiki); <see cref="WikiBlockRefresher"/> fills it in the background. A user seen
/// for the first time is read at once; until that answer arrives nothing is known about them.
/// </summary>
public sealed class WikiBlockCache(WikiCatalog wikis, WikiBlockOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, UserEntry> _users = new();

    /// <param name="AskedAt">When each wiki was asked for the answer kept: an answer asked for earlier never replaces it.</param>
    private sealed record UserEntry(string Name, DateTimeOffset LastSeen, DateTimeOffset? CheckedAt, IReadOnlyDictionary<string, WikiBlock> Blocks,
        IReadOnlyDictionary<string, DateTimeOffset> AskedAt);

    /// <summary>Raised when a user is seen for the first time: the refresher reads their blocks now.</summary>
    public event Action? UserWanted;

    /// <summary>
    /// The user's blocks on every wiki that refuse writes there, as blocks from the wiki; records that the user is active.
    /// A partial block on a wiki restricts editing some of its pages, which JadeStudio does not do, so it refuses nothing here.
    /// </summary>
    public IReadOnlyList<BlockDetails> Seen(long userId, string name)
    {
        var now = clock.GetUtcNow();
        var first = false;
        var entry = _users.AddOrUpdate(userId,
            _ =>
            {
                first = true;
                return new UserEntry(name, now, null, new Dictionary<string, WikiBlock>(), new Dictionary<string, DateTimeOffset>());
            },
            (_, existing) => existing with { Name = name, LastSeen = now });
        // Only a first sighting wakes the refresher. A user whose first read failed (a wiki down) waits for the next
        // round: waking it on every sighting sent a request to every wiki for each of that user's actions.
        if (first)
        {
            UserWanted?.Invoke();
        }
        return [.. entry.Blocks
            .Where(b => !b.Value.Partial && (b.Value.Expiry is null || b.Value.Expiry > now))
            .Select(b => Details(userId, b.Key, b.Value))];
    }

    /// <summary>Active users whose blocks are older than the cache allows (or were never read), with their names.</summary>
    public IReadOnlyList<(long UserId, string Name)> Due()
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - TimeSpan.FromSeconds(options.CacheSeconds);
        var inactiveBefore = now - TimeSpan.FromMinutes(options.ActiveMinutes);
        foreach (var (id, entry) in _users)
        {
            if (entry.LastSeen < inactiveBefore)
            {
                _users.TryRemove(new KeyValuePair<long, UserEntry>(id, entry));
            }
        }
        return [.. _users.Where(u => u.Value.LastSeen >= inactiveBefore && (u.Value.CheckedAt is null || u.Value.CheckedAt <= staleBefore))
            .Select(u => (u.Key, u.Value.Name))];
    }

    public IReadOnlyCollection<string> Wikis => [.. wikis.All.Select(w => w.Id)];

    /// <summary>The time a wiki is asked (recorded with its answer).</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Stores what every wiki said about this user (a wiki that did not answer keeps its earlier word). Rounds can overlap
    /// (a first sighting starts one while another runs): an answer asked for before the one kept is older news and is
    /// dropped, so a round that asked before a block was placed cannot lift it by returning last.
    /// </summary>
    public void Record(long userId, IReadOnlyDictionary<string, WikiAnswer> byWiki, bool complete)
    {
        _users.AddOrUpdate(userId,
            _ => throw new InvalidOperationException("Only users seen are read."),
            (_, existing) =>
            {
                var blocks = existing.Blocks.ToDictionary();
                var askedAt = existing.AskedAt.ToDictionary();
                foreach (var (wiki, answer) in byWiki)
                {
                    if (askedAt.TryGetValue(wiki, out var kept) && kept > answer.AskedAt)
                    {
                        continue;
                    }
                    askedAt[wiki] = answer.AskedAt;
                    if (answer.Block is null)
                    {
                        blocks.Remove(wiki);
                    }
                    else
                    {
                        blocks[wiki] = answer.Block;
                    }
                }
                // Checked as of the round's first question; an incomplete answer leaves the user due, so the wikis that
                // failed are asked again on the next round.
                var checkedAt = byWiki.Count == 0 ? Now : byWiki.Values.Min(a => a.AskedAt);
                return existing with
                {
                    Blocks = blocks,
                    AskedAt = askedAt,
                    CheckedAt = complete && (existing.CheckedAt is null || existing.CheckedAt < checkedAt) ? checkedAt : existing.CheckedAt,
                };
            });
    }

    /// <summary>A wiki's answer about one user: their block there (null: none) and when the wiki was asked.</summary>
    public sealed record WikiAnswer(WikiBlock? Block, DateTimeOffset AskedAt);

    private static BlockDetails Details(long userId, string wiki, WikiBlock block) =>
        new(block.Id, userId, Sitewide: false, Wikis: [wiki], Artifacts: [], Actions: [], block.Expiry, block.Reason, 0,
            block.Since ?? DateTimeOffset.UnixEpoch, BlockSource.Wiki);
}
