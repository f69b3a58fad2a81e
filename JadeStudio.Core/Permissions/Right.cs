namespace JadeStudio.Core.Permissions;

/// <summary>What code checks. Groups only map to rights (configuration); code never asks for a group.</summary>
public enum Right
{
    Judge,
    Comment,
    SetPreferred,
    /// <summary>Change or remove other users' endorsements and proposal notes (JADE never checked this).</summary>
    EditOthersJudgments,
    CreateCampaign,
    UploadArtifacts,
    ManageCampaigns,
    DeleteContent,
    ViewDeleted,
    Suppress,
    ViewSuppressed,
    SuppressionLog,
    Block,
    HideUser,
    Rollback,
    ManageGroups,
    ApiTokens,
    /// <summary>Marks what the holder does as a bot's: hidden from recent changes unless asked for, as on MediaWiki.</summary>
    Bot,
    /// <summary>Create and change abuse filters.</summary>
    AbuseFilterModify,
    /// <summary>See private filters' conditions and the texts in the abuse log.</summary>
    AbuseFilterViewPrivate,
    /// <summary>Read the abuse log.</summary>
    AbuseFilterLog,
    /// <summary>Download full dumps: every recorded action with every field, hidden ones included (oversighters by default).</summary>
    ViewPrivateDumps,
    /// <summary>Save a query of the public query page under a permalink (everyone may run queries).</summary>
    SaveQueries,
}

public static class Rights
{
    private static readonly Dictionary<string, Right> ByName =
        Enum.GetValues<Right>().ToDictionary(NameOf, StringComparer.Ordinal);

    /// <summary>The configuration and API name of a right, e.g. <c>setpreferred</c>.</summary>
    public static string NameOf(Right right) => right switch
    {
        // MediaWiki's AbuseFilter names.
        Right.AbuseFilterModify => "abusefilter-modify",
        Right.AbuseFilterViewPrivate => "abusefilter-view-private",
        Right.AbuseFilterLog => "abusefilter-log",
        _ => right.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string name, out Right right) => ByName.TryGetValue(name, out right);

    public static IReadOnlyCollection<string> AllNames => ByName.Keys;
}
