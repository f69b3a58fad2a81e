using System.Globalization;
using System.Text.Json;
using JadeStudio.Core.Permissions;

namespace JadeStudio.Core.Users;

/// <summary>Which claims of a provider's user-information document mean what (MediaWiki's profile by default).</summary>
public sealed class ProfileClaims
{
    /// <summary>The stable identity; for MediaWiki the central user id. Never the user name.</summary>
    public string Subject { get; set; } = "sub";
    public string Name { get; set; } = "username";
    public string? Rights { get; set; } = "rights";
    public string? Groups { get; set; } = "groups";
    public string? Blocked { get; set; } = "blocked";
    public string? EditCount { get; set; } = "editcount";
    public string? Registered { get; set; } = "registered";
}

/// <summary>What a provider says about a user at sign-in.</summary>
public sealed record ExternalProfile(
    string Subject,
    string Name,
    IReadOnlyList<string> WikiRights,
    IReadOnlyList<string> WikiGroups,
    bool Blocked,
    long? EditCount,
    DateTimeOffset? Registered)
{
    /// <summary>
    /// Reads a user-information document; null when the subject or name is missing, or longer than a user's is stored
    /// (refused alike by both stores, rather than stored by SQLite and refused by PostgreSQL's column).
    /// </summary>
    public static ExternalProfile? Parse(JsonElement document, ProfileClaims claims)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var subject = Scalar(document, claims.Subject);
        var name = Scalar(document, claims.Name);
        if (string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(name) || subject.Length > User.MaxSubjectLength || name.Trim().Length > User.MaxNameLength)
        {
            return null;
        }
        return new ExternalProfile(subject, name.Trim(),
            Strings(document, claims.Rights), Strings(document, claims.Groups),
            claims.Blocked is { } blocked && document.TryGetProperty(blocked, out var b) && b.ValueKind == JsonValueKind.True,
            claims.EditCount is { } count && document.TryGetProperty(count, out var c) && c.TryGetInt64(out var edits) ? edits : null,
            claims.Registered is { } registered && Scalar(document, registered) is { } text ? ParseMediaWikiTime(text) : null);
    }

    private static string? Scalar(JsonElement document, string claim) =>
        document.TryGetProperty(claim, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static IReadOnlyList<string> Strings(JsonElement document, string? claim) =>
        claim is not null && document.TryGetProperty(claim, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];

    /// <summary>MediaWiki writes times as yyyyMMddHHmmss (UTC); ISO 8601 is accepted too.</summary>
    private static DateTimeOffset? ParseMediaWikiTime(string text) =>
        DateTimeOffset.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var mediaWiki) ? mediaWiki
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) ? iso
        : null;
}

/// <summary>
/// Wiki rights → JadeStudio rights ("JadeStudio:OAuth:RightsMap"): privileged operations need the
/// matching on-wiki privilege. Maps rights, never group names.
/// </summary>
public sealed class WikiRightsMap
{
    public Dictionary<string, List<string>> Map { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The JadeStudio rights a set of wiki rights grants, each with the wiki right it came from.</summary>
    public IReadOnlyDictionary<Right, IReadOnlyList<string>> Grants(IEnumerable<string> wikiRights)
    {
        var grants = new Dictionary<Right, List<string>>();
        foreach (var wikiRight in wikiRights.Distinct(StringComparer.Ordinal))
        {
            if (!Map.TryGetValue(wikiRight, out var names))
            {
                continue;
            }
            foreach (var name in names)
            {
                var right = Rights.TryParse(name, out var parsed)
                    ? parsed
                    : throw new Settings.InvalidSettingException($"The setting JadeStudio:OAuth:RightsMap:{wikiRight} maps to the unknown right '{name}'. Known rights: {string.Join(", ", Rights.AllNames)}.");
                if (!grants.TryGetValue(right, out var sources))
                {
                    grants[right] = sources = [];
                }
                sources.Add(wikiRight);
            }
        }
        return grants.ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Value);
    }

    public void Validate() => Grants(Map.Keys);

    /// <summary>A cautious default for Wikimedia wikis.</summary>
    public static WikiRightsMap Defaults() => new()
    {
        Map = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            ["autopatrol"] = ["setpreferred"],
            ["patrol"] = ["setpreferred"],
            ["rollback"] = ["setpreferred"],
            ["delete"] = ["editothersjudgments", "deletecontent", "viewdeleted"],
            ["deletedtext"] = ["viewdeleted"],
            ["block"] = ["block"],
            ["suppressrevision"] = ["suppress", "viewsuppressed", "suppressionlog"],
            ["hideuser"] = ["hideuser"],
            ["userrights"] = ["managegroups"],
            ["bot"] = ["bot"],
        },
    };
}
