namespace JadeStudio.Core.I18n;

/// <summary>Facts about languages that the UI needs: writing direction and the name in the language itself.</summary>
public static class Languages
{
    private static readonly HashSet<string> RightToLeft = new(StringComparer.OrdinalIgnoreCase)
    {
        "ar", "arc", "arz", "azb", "ckb", "dv", "fa", "glk", "he", "ks", "mzn", "pnb", "ps", "sd", "ug", "ur", "yi",
    };

    private static readonly Dictionary<string, string> Autonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "English",
        ["de"] = "Deutsch",
        ["he"] = "עברית",
        ["ar"] = "العربية",
        ["cs"] = "čeština",
        ["nl"] = "Nederlands",
        ["fr"] = "français",
    };

    public static bool IsRightToLeft(string language) => RightToLeft.Contains(BaseOf(language));

    public static string Direction(string language) => IsRightToLeft(language) ? "rtl" : "ltr";

    /// <summary>The language's own name, as MediaWiki's language selector shows it.</summary>
    public static string Autonym(string language) => Autonyms.TryGetValue(language, out var name) ? name : language;

    public static string BaseOf(string language)
    {
        var dash = language.IndexOf('-');
        return dash < 0 ? language : language[..dash];
    }
}
