namespace JadeStudio.Core.Permissions;

/// <summary>
/// Groups → rights ("JadeStudio:Permissions:Groups"). <c>*</c> is everyone including anonymous
/// visitors, <c>user</c> every signed-in user. Unknown right names are a configuration error.
/// </summary>
public sealed class PermissionOptions
{
    public const string Everyone = "*";
    public const string SignedIn = "user";

    public Dictionary<string, List<string>> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The rights a set of groups grants.</summary>
    public IReadOnlySet<Right> RightsOf(IEnumerable<string> groups)
    {
        var rights = new HashSet<Right>();
        foreach (var group in groups)
        {
            if (!Groups.TryGetValue(group, out var names))
            {
                continue;
            }
            foreach (var name in names)
            {
                rights.Add(Rights.TryParse(name, out var right)
                    ? right
                    : throw new Settings.InvalidSettingException($"The setting JadeStudio:Permissions:Groups:{group} grants the unknown right '{name}'. Known rights: {string.Join(", ", Rights.AllNames)}."));
            }
        }
        return rights;
    }

    /// <summary>Checks every configured right name once at start-up, so a typo fails loudly.</summary>
    public void Validate() => RightsOf(Groups.Keys);

    /// <summary>The default map (MediaWiki-like groups); deployments override it in configuration.</summary>
    public static PermissionOptions Defaults() => new()
    {
        Groups = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            [Everyone] = ["abusefilter-log"],
            [SignedIn] = ["judge", "comment", "apitokens", "savequeries"],
            ["autoconfirmed"] = ["setpreferred"],
            ["researcher"] = ["createcampaign", "uploadartifacts"],
            ["sysop"] = ["setpreferred", "editothersjudgments", "managecampaigns", "deletecontent", "viewdeleted", "block", "rollback", "abusefilter-modify", "abusefilter-view-private"],
            ["oversight"] = ["deletecontent", "viewdeleted", "suppress", "viewsuppressed", "suppressionlog", "hideuser", "viewprivatedumps"],
            ["bureaucrat"] = ["managegroups"],
            ["bot"] = ["judge", "apitokens", "bot"],
        },
    };
}
