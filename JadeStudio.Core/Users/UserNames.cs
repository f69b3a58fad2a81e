using System.Text.RegularExpressions;

namespace JadeStudio.Core.Users;

/// <summary>
/// How a user name written by someone (an address, a filter, an uploaded task's editor field) is read as the name of
/// an account. MediaWiki treats <c>Jane_Doe</c>, <c>jane Doe</c> and <c>Jane  Doe</c> as the one user "Jane Doe"
/// (its title rules for the User namespace, which is always capitalised); no .NET library knows those rules, so the
/// few that matter here are written out.
/// </summary>
public static partial class UserNames
{
    /// <summary>
    /// The name as written, tidied the way MediaWiki tidies a title: bidirectional marks dropped, underscores and
    /// runs of white space (MediaWiki's set) read as one space, trimmed, and in Unicode's composed form.
    /// </summary>
    public static string Normalize(string written)
    {
        var text = BidiMarks().Replace(written, "");
        text = Separators().Replace(text, " ").Trim(' ');
        return Text.UnicodeText.Composed(text);
    }

    /// <summary>The name as MediaWiki stores a wiki user's: <see cref="Normalize"/>d, with its first letter in upper case.</summary>
    public static string Canonical(string written)
    {
        var text = Normalize(written);
        if (text.Length == 0)
        {
            return text;
        }
        var first = char.IsHighSurrogate(text[0]) && text.Length > 1 ? 2 : 1;
        return text[..first].ToUpperInvariant() + text[first..];
    }

    /// <summary>
    /// The spellings under which an account can be stored for this written name, most exact first: as written, tidied
    /// (<see cref="Normalize"/>), and as a wiki stores it (<see cref="Canonical"/>).
    /// </summary>
    public static IReadOnlyList<string> StoredFormsOf(string written) => new[] { written, Normalize(written), Canonical(written) }.Distinct(StringComparer.Ordinal).ToList();

    // MediaWiki's MediaWikiTitleCodec: left-to-right and right-to-left marks and the embedding and override characters.
    [GeneratedRegex("[\u200E\u200F\u202A-\u202E]")]
    private static partial Regex BidiMarks();

    // MediaWiki's title white space: underscore, space, no-break space and the other Unicode spaces it lists.
    [GeneratedRegex("[ _\u00A0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+")]
    private static partial Regex Separators();
}
