using System.Globalization;

namespace JadeStudio.Core.I18n;

/// <summary>
/// Picks the interface language as MediaWiki does: <c>?uselang=</c> for this request, then the
/// signed-in user's saved preference, then the anonymous visitor's saved choice, then the
/// browser's <c>Accept-Language</c>, then English.
/// </summary>
public static class LanguageNegotiator
{
    public sealed record Inputs(string? UseLang, string? UserPreference, string? SavedChoice, string? AcceptLanguage);

    public static string Choose(Inputs inputs, IReadOnlyCollection<string> available)
    {
        foreach (var candidate in new[] { inputs.UseLang, inputs.UserPreference, inputs.SavedChoice })
        {
            if (Match(candidate, available) is { } chosen)
            {
                return chosen;
            }
        }
        foreach (var candidate in ParseAcceptLanguage(inputs.AcceptLanguage))
        {
            if (Match(candidate, available) is { } chosen)
            {
                return chosen;
            }
        }
        return MessageCatalog.SourceLanguage;
    }

    /// <summary>How many of the browser's regional forms of the language are tried (each unknown one is an exception).</summary>
    private const int MaxRegionalTries = 4;

    /// <summary>
    /// The culture numbers and dates are written in: the browser's own regional form of the chosen language, when it
    /// asks for one ("en-GB" writes 6/12/2026 as 06/12/2026, "de-CH" groups thousands with ’), else the language's own.
    /// A region the runtime does not know, or a browser that asks only for other languages, gives the language's.
    /// </summary>
    public static string FormattingCulture(string language, string? acceptLanguage)
    {
        // A few regional forms are tried at most: a header naming thousands of unknown ones costs no more than a short one.
        var regional = ParseAcceptLanguage(acceptLanguage)
            .Where(candidate => candidate.Contains('-', StringComparison.Ordinal) && string.Equals(Languages.BaseOf(candidate), language, StringComparison.OrdinalIgnoreCase))
            .Take(MaxRegionalTries);
        foreach (var candidate in regional)
        {
            try
            {
                return CultureInfo.GetCultureInfo(candidate, predefinedOnly: true).Name;
            }
            catch (ArgumentException)
            {
                // Not a culture this runtime can write in (CultureNotFoundException): the next the browser names, else the language's own.
            }
        }
        return language;
    }

    /// <summary>A supported code for a request like "de", "DE-at" or "he-IL"; null if none fits.</summary>
    public static string? Match(string? requested, IReadOnlyCollection<string> available)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return null;
        }
        var code = requested.Trim();
        var exact = available.FirstOrDefault(a => string.Equals(a, code, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }
        var baseCode = Languages.BaseOf(code);
        return available.FirstOrDefault(a => string.Equals(a, baseCode, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Language ranges of an Accept-Language header, best first; q=0 ranges are refused ones.</summary>
    public static IEnumerable<string> ParseAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [];
        }
        return header.Split(',')
            .Select((part, position) =>
            {
                var pieces = part.Split(';');
                var quality = 1.0;
                foreach (var parameter in pieces.Skip(1))
                {
                    var kv = parameter.Split('=', 2);
                    if (kv.Length == 2 && kv[0].Trim() == "q" &&
                        double.TryParse(kv[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
                    {
                        quality = q;
                    }
                }
                return (Range: pieces[0].Trim(), Quality: quality, Position: position);
            })
            .Where(r => r.Range.Length > 0 && r.Range != "*" && r.Quality > 0)
            .OrderByDescending(r => r.Quality)
            .ThenBy(r => r.Position)
            .Select(r => r.Range);
    }
}
