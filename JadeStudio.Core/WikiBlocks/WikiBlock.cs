using System.ComponentModel.DataAnnotations;
using JadeStudio.Core.WikiContent;

namespace JadeStudio.Core.WikiBlocks;

/// <summary>
/// "JadeStudio:WikiBlocks": blocks placed on the wikis apply here (JADE's rule: whoever is blocked on a wiki cannot
/// submit content about it). Active users' blocks are read from each wiki and kept for <see cref="CacheSeconds"/>.
/// </summary>
public sealed class WikiBlockOptions
{
    public const string Section = "JadeStudio:WikiBlocks";

    /// <summary>Follows the wiki client: off when JadeStudio:WikiContent:Enabled is false.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a user's blocks as read from a wiki are trusted: a new block applies within this time.</summary>
    [Range(0, 86400)]
    public double CacheSeconds { get; set; } = 120;

    /// <summary>How often due users are read again (and how soon a newly seen user is read).</summary>
    [Range(1, 86400)]
    public double RefreshSeconds { get; set; } = 15;

    /// <summary>A user not seen for this long is no longer read (the next visit reads them again).</summary>
    [Range(1, 10080)]
    public double ActiveMinutes { get; set; } = 60;
}

/// <summary>A block on a wiki, as <c>list=blocks</c> gives it. A partial block restricts pages, namespaces or actions there.</summary>
public sealed record WikiBlock(long Id, string User, string? By, DateTimeOffset? Since, DateTimeOffset? Expiry, string Reason, bool Partial);

/// <summary>Reads users' blocks from a wiki (the MediaWiki client).</summary>
public interface IWikiBlockSource
{
    /// <summary>The blocks of these users (at most 50 names), in one request.</summary>
    Task<WikiContentResult<IReadOnlyList<WikiBlock>>> BlocksAsync(string wiki, IReadOnlyList<string> userNames, CancellationToken cancellationToken);
}
