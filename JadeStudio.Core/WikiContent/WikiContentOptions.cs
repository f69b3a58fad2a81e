using System.ComponentModel.DataAnnotations;

namespace JadeStudio.Core.WikiContent;

/// <summary>"JadeStudio:WikiContent": reading revisions, diffs and pages from the configured wikis.</summary>
public sealed class WikiContentOptions
{
    public const string Section = "JadeStudio:WikiContent";

    /// <summary>On by default: public wikis need no credentials.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The User-Agent's parts, as Wikimedia's policy asks: a name, a version and how to reach the operator.</summary>
    public string AppName { get; set; } = "JadeStudio";
    public string AppVersion { get; set; } = "1.0";
    public string ContactUrl { get; set; } = "https://www.mediawiki.org/wiki/Jade";

    /// <summary>Requests to one wiki at the same time (Wikimedia asks for few).</summary>
    [Range(1, 64)]
    public int MaxConcurrentPerWiki { get; set; } = 3;

    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts per request, the first included, when the wiki is lagged or limits us.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first back-off when the wiki names no Retry-After; it doubles with each attempt.</summary>
    [Range(0, 600)]
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>A longer Retry-After is not waited out: the request fails as "unavailable" instead.</summary>
    [Range(0, 3600)]
    public double MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>How long cached content is trusted before the wiki is asked again.</summary>
    [Range(0.01, 87_600)]
    public double CacheHours { get; set; } = 24;

    /// <summary>Rendered diffs kept at most (the metadata is small and kept for every artifact).</summary>
    [Range(0, 100_000_000)]
    public int MaxCachedDiffs { get; set; } = 20_000;

    public string UserAgent => $"{AppName}/{AppVersion} ({ContactUrl}) .NET/{Environment.Version}";
}
