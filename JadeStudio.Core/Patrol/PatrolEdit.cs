using System.ComponentModel.DataAnnotations;
using JadeStudio.Core.WikiContent;

namespace JadeStudio.Core.Patrol;

/// <summary>"JadeStudio:Patrol": the wikis whose latest edits are read into a patrol queue, and how politely.</summary>
public sealed class PatrolOptions
{
    public const string Section = "JadeStudio:Patrol";

    /// <summary>Wikis with a patrol queue (none by default: reading a wiki's recent changes is opt-in).</summary>
    public List<string> Wikis { get; set; } = [];

    /// <summary>How often each wiki's recent changes are read (Wikimedia asks clients not to poll fast).</summary>
    [Range(1, 86400)]
    public double PollSeconds { get; set; } = 30;

    /// <summary>How long an edit a patroller was given stays theirs ("someone else is looking at this").</summary>
    [Range(0.1, 1440)]
    public double ClaimMinutes { get; set; } = 5;

    /// <summary>Edits older than this leave the queue.</summary>
    [Range(1, 8760)]
    public double KeepHours { get; set; } = 24;
}

/// <summary>A patroller's one-key answers, as edit-quality labels.</summary>
public enum PatrolAnswer
{
    /// <summary>Damaging, in bad faith.</summary>
    Vandalism,
    DamagingGoodFaith,
    /// <summary>Not damaging, in good faith.</summary>
    Good,
}

/// <summary>An edit as <c>list=recentchanges</c> reports it.</summary>
public sealed record RecentEdit(long RcId, long RevId, long ParentId, string Title, string? User, DateTimeOffset At, string? Comment, int OldSize, int NewSize, bool NewPage);

/// <summary>Reads a wiki's latest edits (the MediaWiki client).</summary>
public interface IRecentChangesSource
{
    /// <summary>The latest edits and page creations by people (not bots), newest first, at most <paramref name="limit"/>.</summary>
    Task<WikiContentResult<IReadOnlyList<RecentEdit>>> RecentChangesAsync(string wiki, int limit, CancellationToken cancellationToken);
}

/// <summary>An edit waiting in a wiki's patrol queue, stored so every node serves the same queue.</summary>
public sealed class PatrolEdit
{
    public long Id { get; set; }
    public required string Wiki { get; set; }
    public long RevId { get; set; }
    public long RcId { get; set; }
    public required string PageTitle { get; set; }
    public string? User { get; set; }
    public string? Comment { get; set; }
    public int OldSize { get; set; }
    public int NewSize { get; set; }
    public bool NewPage { get; set; }
    public DateTimeOffset EditedAt { get; set; }

    /// <summary>The damaging model's probability that the edit is damaging, where a score is stored.</summary>
    public double? Damaging { get; set; }

    /// <summary>The patroller this edit is given to until <see cref="ClaimedUntil"/>.</summary>
    public long? ClaimedById { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }
}

/// <summary>A patroller passed on this edit: it is not given to them again.</summary>
public sealed class PatrolSkip
{
    public long EditId { get; set; }
    public long UserId { get; set; }
}
