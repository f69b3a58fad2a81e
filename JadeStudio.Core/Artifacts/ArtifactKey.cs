using System.Globalization;
using System.Text.RegularExpressions;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Core.Artifacts;

/// <summary>What is judged: a revision seen as a change (the edit) or as a page snapshot (the version).</summary>
public enum ArtifactType
{
    Diff,
    Revision,
}

/// <summary>
/// The canonical identity of an artifact: <c>wiki/type/revId</c>, e.g. <c>enwiki/diff/12345</c>.
/// Parsing is strict — a non-canonical spelling is an error, never silently fixed — so one
/// artifact never ends up under two ids.
/// </summary>
public sealed partial record ArtifactKey(string Wiki, ArtifactType Type, long RevId)
{
    public override string ToString() => $"{Wiki}/{TypeName(Type)}/{RevId.ToString(CultureInfo.InvariantCulture)}";

    public static string TypeName(ArtifactType type) => type switch
    {
        ArtifactType.Diff => "diff",
        ArtifactType.Revision => "revision",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParseType(string text, out ArtifactType type)
    {
        switch (text)
        {
            case "diff":
                type = ArtifactType.Diff;
                return true;
            case "revision":
                type = ArtifactType.Revision;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>Parses a canonical id and checks its wiki is configured.</summary>
    public static ArtifactKeyParse Parse(string? text, WikiCatalog wikis)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new ArtifactKeyParse.Invalid(ArtifactKeyProblem.Malformed);
        }
        var match = Canonical().Match(text);
        if (!match.Success)
        {
            return new ArtifactKeyParse.Invalid(IsMisspelt(text) ? ArtifactKeyProblem.NotCanonical : ArtifactKeyProblem.Malformed);
        }
        var wiki = match.Groups["wiki"].Value;
        if (wikis.Find(wiki) is null)
        {
            return new ArtifactKeyParse.Invalid(ArtifactKeyProblem.UnknownWiki);
        }
        if (!long.TryParse(match.Groups["rev"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var revId))
        {
            return new ArtifactKeyParse.Invalid(ArtifactKeyProblem.Malformed);
        }
        TryParseType(match.Groups["type"].Value, out var type);
        return new ArtifactKeyParse.Valid(new ArtifactKey(wiki, type, revId));
    }

    /// <summary>Builds a key from parts, applying the same rules as <see cref="Parse"/>.</summary>
    public static ArtifactKeyParse From(string wiki, string type, string revId, WikiCatalog wikis) => Parse($"{wiki}/{type}/{revId}", wikis);

    /// <summary>Recognisably an artifact id in another spelling (case, leading zeros, spaces, plural type…) of a revision id that can be: not 0, nor a number beyond the largest.</summary>
    private static bool IsMisspelt(string text) =>
        Loose().Match(text) is { Success: true } loose && long.TryParse(loose.Groups["rev"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var revId) && revId > 0;

    // Any revision id up to the largest 64-bit number, as imports and the API's numbers take them; the value is checked after.
    [GeneratedRegex("^(?<wiki>[a-z][a-z0-9_]*)/(?<type>diff|revision)/(?<rev>[1-9][0-9]{0,18})$")]
    private static partial Regex Canonical();

    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z0-9_]*\s*/\s*(diff|revision|diffs|revisions)\s*/\s*(?<rev>[0-9]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Loose();
}

public enum ArtifactKeyProblem
{
    Malformed,
    NotCanonical,
    UnknownWiki,
}

public abstract record ArtifactKeyParse
{
    private ArtifactKeyParse()
    {
    }

    public sealed record Valid(ArtifactKey Key) : ArtifactKeyParse;

    public sealed record Invalid(ArtifactKeyProblem Problem) : ArtifactKeyParse;
}
