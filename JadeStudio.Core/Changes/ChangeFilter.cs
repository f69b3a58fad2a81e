using System.Globalization;
using JadeStudio.Core.Events;

namespace JadeStudio.Core.Changes;

/// <summary>What recent changes and contributions list, grouped as a patroller thinks of it.</summary>
public enum ChangeKind
{
    Judgment,
    Endorsement,
    Comment,
    Label,
    /// <summary>A published field became hidden or visible again (who did it and why stay in the logs).</summary>
    Visibility,
}

/// <summary>MediaWiki's experience levels, from the wiki's edit count and registration (JadeStudio's when unknown).</summary>
public enum ExperienceLevel
{
    /// <summary>Fewer than 10 edits or registered less than 4 days ago.</summary>
    Newcomer,
    Learner,
    /// <summary>At least 500 edits and registered at least 30 days ago.</summary>
    Experienced,
}

public static class ChangeKinds
{
    public static IReadOnlyList<EventType> TypesOf(ChangeKind kind) => kind switch
    {
        ChangeKind.Judgment => [EventType.ProposalCreated, EventType.ProposalNotesUpdated, EventType.ProposalDeleted, EventType.PreferenceSet],
        ChangeKind.Endorsement => [EventType.EndorsementCreated, EventType.EndorsementMoved, EventType.EndorsementCommentUpdated, EventType.EndorsementDeleted],
        ChangeKind.Comment => [EventType.ThreadStarted, EventType.CommentPosted, EventType.CommentEdited, EventType.ThreadResolved, EventType.ThreadReopened],
        ChangeKind.Label => [EventType.CampaignLabelSaved],
        ChangeKind.Visibility => [EventType.ItemRedacted, EventType.ItemRestored],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string NameOf(ChangeKind kind) => kind.ToString().ToLowerInvariant();

    public static string NameOf(ExperienceLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>What a user's contributions are: everything in recent changes that a user does.</summary>
    public static readonly IReadOnlySet<ChangeKind> Contributions = new HashSet<ChangeKind> { ChangeKind.Judgment, ChangeKind.Endorsement, ChangeKind.Comment, ChangeKind.Label };
}

/// <summary>
/// The filters of recent changes and contributions. They live in the address, with MediaWiki's names where MediaWiki has
/// one (<c>hidebots</c>, <c>hidemyself</c>, <c>days</c>, <c>limit</c>), so a view can be shared and reloaded.
/// </summary>
public sealed record ChangeFilter
{
    public const double MaxDays = 90;
    public const int MaxLimit = 500;

    public string? Wiki { get; init; }

    /// <summary>Empty: every kind.</summary>
    public IReadOnlySet<ChangeKind> Kinds { get; init; } = new HashSet<ChangeKind>();

    /// <summary>Only this performer (by name).</summary>
    public string? User { get; init; }

    /// <summary>Bots are hidden unless asked for, as on MediaWiki.</summary>
    public bool HideBots { get; init; } = true;

    public bool HideHumans { get; init; }

    /// <summary>Empty: every level.</summary>
    public IReadOnlySet<ExperienceLevel> Experience { get; init; } = new HashSet<ExperienceLevel>();

    public bool HideMyself { get; init; }

    /// <summary>Only changes on artifacts with competing proposals.</summary>
    public bool OnlyDisputed { get; init; }

    /// <summary>Only changes on artifacts that have no preferred judgment.</summary>
    public bool OnlyWithoutPreferred { get; init; }

    /// <summary>How far back, in days (fractions allowed, as MediaWiki's <c>days</c>); null: no limit (contributions).</summary>
    public double? Days { get; init; } = 7;
    public int Limit { get; init; } = 50;

    /// <summary>Recent changes' defaults.</summary>
    public static readonly ChangeFilter RecentChanges = new();

    /// <summary>A user's contributions: every kind, bots included, all time.</summary>
    public static ChangeFilter Contributions(string user) => new() { User = user, HideBots = false, Days = null };

    /// <summary>The parameters that differ from <paramref name="defaults"/>, in a stable order: the address of this view.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToQuery(ChangeFilter? defaults = null)
    {
        defaults ??= RecentChanges;
        var query = new List<KeyValuePair<string, string>>();
        void Add(string name, string value) => query.Add(new(name, value));
        if (Wiki is not null)
        {
            Add("wiki", Wiki);
        }
        if (Kinds.Count > 0)
        {
            Add("kinds", string.Join(',', Kinds.Order().Select(ChangeKinds.NameOf)));
        }
        if (User is not null && User != defaults.User)
        {
            Add("user", User);
        }
        if (HideBots != defaults.HideBots)
        {
            Add("hidebots", HideBots ? "1" : "0");
        }
        if (HideHumans)
        {
            Add("hidehumans", "1");
        }
        if (Experience.Count > 0)
        {
            Add("experience", string.Join(',', Experience.Order().Select(ChangeKinds.NameOf)));
        }
        if (HideMyself)
        {
            Add("hidemyself", "1");
        }
        if (OnlyDisputed)
        {
            Add("disputed", "1");
        }
        if (OnlyWithoutPreferred)
        {
            Add("nopreferred", "1");
        }
        if (Days != defaults.Days && Days is { } days)
        {
            Add("days", days.ToString(CultureInfo.InvariantCulture));
        }
        if (Limit != defaults.Limit)
        {
            Add("limit", Limit.ToString(CultureInfo.InvariantCulture));
        }
        return query;
    }

    /// <summary>The parameter names <see cref="Parse"/> reads.</summary>
    public static readonly IReadOnlyList<string> ParameterNames =
        ["wiki", "kinds", "user", "hidebots", "hidehumans", "experience", "hidemyself", "disputed", "nopreferred", "days", "limit"];

    /// <summary>Reads the filters from an address's parameters; the first bad one is named, nothing is guessed.</summary>
    public static ChangeFilterParse Parse(Func<string, string?> parameter, Func<string, bool> wikiExists, ChangeFilter? defaults = null)
    {
        var filter = defaults ?? RecentChanges;
        if (parameter("wiki") is { Length: > 0 } wiki)
        {
            if (!wikiExists(wiki))
            {
                return new ChangeFilterParse.Invalid("wiki");
            }
            filter = filter with { Wiki = wiki };
        }
        if (parameter("kinds") is { Length: > 0 } kinds)
        {
            if (!TryParseSet<ChangeKind>(kinds, out var set))
            {
                return new ChangeFilterParse.Invalid("kinds");
            }
            filter = filter with { Kinds = set };
        }
        if (parameter("user") is { } user && user.Trim() is { Length: > 0 } userName)
        {
            if (userName.Length > Users.User.MaxNameLength)
            {
                return new ChangeFilterParse.Invalid("user");
            }
            filter = filter with { User = Users.UserNames.Normalize(userName) };
        }
        if (parameter("experience") is { Length: > 0 } experience)
        {
            if (!TryParseSet<ExperienceLevel>(experience, out var set))
            {
                return new ChangeFilterParse.Invalid("experience");
            }
            filter = filter with { Experience = set };
        }
        foreach (var (name, apply) in Flags)
        {
            switch (parameter(name))
            {
                case null or "":
                    break;
                case "1" or "true":
                    filter = apply(filter, true);
                    break;
                case "0" or "false":
                    filter = apply(filter, false);
                    break;
                default:
                    return new ChangeFilterParse.Invalid(name);
            }
        }
        if (parameter("days") is { Length: > 0 } daysText)
        {
            if (!double.TryParse(daysText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var days) || !(days > 0 && days <= MaxDays))
            {
                return new ChangeFilterParse.Invalid("days");
            }
            filter = filter with { Days = days };
        }
        if (parameter("limit") is { Length: > 0 } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > MaxLimit)
            {
                return new ChangeFilterParse.Invalid("limit");
            }
            filter = filter with { Limit = limit };
        }
        return new ChangeFilterParse.Valid(filter);
    }

    private static readonly (string Name, Func<ChangeFilter, bool, ChangeFilter> Apply)[] Flags =
    [
        ("hidebots", (f, on) => f with { HideBots = on }),
        ("hidehumans", (f, on) => f with { HideHumans = on }),
        ("hidemyself", (f, on) => f with { HideMyself = on }),
        ("disputed", (f, on) => f with { OnlyDisputed = on }),
        ("nopreferred", (f, on) => f with { OnlyWithoutPreferred = on }),
    ];

    private static bool TryParseSet<T>(string text, out IReadOnlySet<T> set) where T : struct, Enum
    {
        var parsed = new HashSet<T>();
        set = parsed;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Names only: numbers would tie the address to the enum's order.
            if (!Text.EnumNames.TryParse<T>(name, out var value))
            {
                return false;
            }
            parsed.Add(value);
        }
        return parsed.Count > 0;
    }
}

public abstract record ChangeFilterParse
{
    private ChangeFilterParse()
    {
    }

    public sealed record Valid(ChangeFilter Filter) : ChangeFilterParse;

    /// <summary>The named parameter has a value this list does not understand.</summary>
    public sealed record Invalid(string Parameter) : ChangeFilterParse;
}
