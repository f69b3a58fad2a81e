namespace JadeStudio.Core.AbuseFilters;

/// <summary>What a matching filter does (MediaWiki's AbuseFilter actions).</summary>
public enum FilterAction
{
    /// <summary>Explains and refuses once; the same text submitted again passes.</summary>
    Warn,
    Disallow,
    /// <summary>Lets it through and marks the change with the filter's tag (shown in recent changes and the feed).</summary>
    Tag,
    /// <summary>Lets through so many matches a user makes in a period; beyond that refuses with 429 and Retry-After.</summary>
    Throttle,
    /// <summary>Refuses and blocks the author sitewide for a time.</summary>
    Block,
}

/// <summary>The free texts users write, which filters screen.</summary>
public enum TextAction
{
    ProposalNotes,
    EndorsementComment,
    ThreadTitle,
    Comment,
}

/// <summary>A rule on free text: conditions on the text, the author, the wiki and the action; one action when all hold.</summary>
public sealed class AbuseFilter
{
    public long Id { get; set; }
    public required string Description { get; set; }

    /// <summary>A .NET regular expression the text must match (case-insensitive), or null.</summary>
    public string? Pattern { get; set; }

    /// <summary>Words or phrases, one per line, of which the text must contain one (whole words, case-insensitive), or null.</summary>
    public string? Words { get; set; }

    /// <summary>Only authors whose account (on the wiki, else here) is younger than this many days.</summary>
    public int? MaxAccountAgeDays { get; set; }

    /// <summary>Only authors with fewer judgments than this here.</summary>
    public int? MaxJudgments { get; set; }

    /// <summary>Authors holding this right are not screened by this filter (e.g. <c>block</c>).</summary>
    public string? ExemptRight { get; set; }

    /// <summary>Space-separated wiki ids; empty: every wiki.</summary>
    public string Wikis { get; set; } = "";

    /// <summary>Space-separated text actions (<see cref="TextAction"/> names, lower case); empty: every one.</summary>
    public string TextActions { get; set; } = "";

    public FilterAction Action { get; set; }
    public int? ThrottleCount { get; set; }
    public int? ThrottleSeconds { get; set; }
    public int? BlockHours { get; set; }

    /// <summary>The tag a Tag filter puts on changes.</summary>
    public string? Tag { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Its conditions and its log's details are seen only with <c>abusefilter-view-private</c>.</summary>
    public bool Private { get; set; }

    public long UpdatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; } = 1;
}

public enum FilterOutcome
{
    Warned,
    /// <summary>Warned before, and the same text was submitted again.</summary>
    WarnedThenSaved,
    Disallowed,
    Tagged,
    /// <summary>Within the throttle: saved.</summary>
    Counted,
    Throttled,
    Blocked,
}

/// <summary>One match of a filter: the abuse log.</summary>
public sealed class AbuseFilterHit
{
    public long Id { get; set; }
    public long FilterId { get; set; }
    public long UserId { get; set; }
    public TextAction TextAction { get; set; }
    public string? Wiki { get; set; }
    public string? Artifact { get; set; }
    public FilterOutcome Outcome { get; set; }

    /// <summary>
    /// A refused text as submitted (never published): seen only with <c>abusefilter-view-private</c>. Empty for a text that
    /// was saved: that one is on its item, under oversight's control.
    /// </summary>
    public string Text { get; set; } = "";

    public DateTimeOffset At { get; set; }

    /// <summary>
    /// When the text was saved (the command's time, which its events carry), or null while it never was. A saved text's
    /// hit names its author on an artifact at that instant: it is hidden with the events of that save (see the log).
    /// </summary>
    public DateTimeOffset? SavedAt { get; set; }
}

public enum AbuseFilterProblem
{
    NoDescription,
    NoCondition,
    BadPattern,
    UnknownWiki,
    UnknownRight,
    ThrottleNeedsCountAndPeriod,
    /// <summary>A block without a duration, or one longer than <see cref="AbuseFilterService.MaxBlockHours"/>.</summary>
    BlockNeedsHours,
    TagNeedsName,
    /// <summary>An account age or a number of judgments that is zero or less (no author would match).</summary>
    NotPositive,
}

/// <summary>A filter as an editor submits it.</summary>
public sealed record FilterDraft(
    string Description, string? Pattern, string? Words, int? MaxAccountAgeDays, int? MaxJudgments, string? ExemptRight,
    IReadOnlyList<string> Wikis, IReadOnlyList<TextAction> TextActions, FilterAction Action,
    int? ThrottleCount, int? ThrottleSeconds, int? BlockHours, string? Tag, bool Enabled, bool Private);

/// <summary>What one submission is: the text, where, and which kind of text.</summary>
public sealed record FilterInput(TextAction Action, string Wiki, string? Artifact, string Text);

/// <summary>What a filter knows of the author.</summary>
public sealed record FilterAuthor(double AccountAgeDays, int Judgments, IReadOnlySet<Permissions.Right> Rights);
