using System.Globalization;

namespace JadeStudio.Core.I18n;

/// <summary>CLDR plural categories, in the order CLDR (and MediaWiki's {{PLURAL}}) lists them.</summary>
public enum PluralCategory
{
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// <summary>
/// CLDR cardinal plural rules for the languages JadeStudio ships or serves wikis in.
/// MediaWiki maps the forms of <c>{{PLURAL:n|…}}</c> to a language's categories in CLDR
/// order, so the same table answers both "which category is n" and "which form is n".
/// </summary>
public static class PluralRules
{
    private static readonly PluralCategory[] OneOther = [PluralCategory.One, PluralCategory.Other];

    /// <summary>The categories a language distinguishes, in the order its {{PLURAL}} forms are written.</summary>
    public static IReadOnlyList<PluralCategory> CategoriesOf(string language) => BaseLanguage(language) switch
    {
        "he" => [PluralCategory.One, PluralCategory.Two, PluralCategory.Other],
        "ar" => [PluralCategory.Zero, PluralCategory.One, PluralCategory.Two, PluralCategory.Few, PluralCategory.Many, PluralCategory.Other],
        "cs" or "sk" => [PluralCategory.One, PluralCategory.Few, PluralCategory.Many, PluralCategory.Other],
        "ru" or "uk" or "pl" => [PluralCategory.One, PluralCategory.Few, PluralCategory.Many, PluralCategory.Other],
        "ja" or "zh" or "ko" or "id" or "vi" or "th" or "fa" or "tr" => [PluralCategory.Other],
        _ => OneOther,
    };

    /// <summary>The category of a number in a language.</summary>
    public static PluralCategory CategoryOf(string language, decimal number)
    {
        var n = Math.Abs(number);
        var isInteger = n == decimal.Truncate(n);
        var i = decimal.Truncate(n);
        var visibleFractionDigits = VisibleFractionDigits(n);
        return BaseLanguage(language) switch
        {
            "he" => (i == 1 && visibleFractionDigits == 0) || (i == 0 && visibleFractionDigits != 0) ? PluralCategory.One
                : i == 2 && visibleFractionDigits == 0 ? PluralCategory.Two
                : PluralCategory.Other,
            "ar" => !isInteger ? PluralCategory.Other
                : n == 0 ? PluralCategory.Zero
                : n == 1 ? PluralCategory.One
                : n == 2 ? PluralCategory.Two
                : n % 100 is >= 3 and <= 10 ? PluralCategory.Few
                : n % 100 is >= 11 and <= 99 ? PluralCategory.Many
                : PluralCategory.Other,
            "cs" or "sk" => visibleFractionDigits != 0 ? PluralCategory.Many
                : i == 1 ? PluralCategory.One
                : i is >= 2 and <= 4 ? PluralCategory.Few
                : PluralCategory.Other,
            "ru" or "uk" => visibleFractionDigits != 0 ? PluralCategory.Other
                : i % 10 == 1 && i % 100 != 11 ? PluralCategory.One
                : i % 10 is >= 2 and <= 4 && i % 100 is not (>= 12 and <= 14) ? PluralCategory.Few
                : PluralCategory.Many,
            "pl" => visibleFractionDigits != 0 ? PluralCategory.Other
                : i == 1 ? PluralCategory.One
                : i % 10 is >= 2 and <= 4 && i % 100 is not (>= 12 and <= 14) ? PluralCategory.Few
                : PluralCategory.Many,
            "fr" or "pt" => i is 0 or 1 ? PluralCategory.One : PluralCategory.Other,
            "ja" or "zh" or "ko" or "id" or "vi" or "th" or "fa" or "tr" => PluralCategory.Other,
            _ => i == 1 && visibleFractionDigits == 0 ? PluralCategory.One : PluralCategory.Other,
        };
    }

    private static string BaseLanguage(string language)
    {
        var dash = language.IndexOf('-');
        return (dash < 0 ? language : language[..dash]).ToLowerInvariant();
    }

    private static int VisibleFractionDigits(decimal n)
    {
        var text = n.ToString(CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.');
        return dot < 0 ? 0 : text.Length - dot - 1;
    }
}
