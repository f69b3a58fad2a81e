using System.Globalization;
using System.Text.RegularExpressions;

namespace JadeStudio.Core.I18n;

/// <summary>
/// Expands a MediaWiki "banana" message: <c>$1</c>… parameters and <c>{{PLURAL:$1|one|other}}</c>
/// (with explicit <c>N=form</c> cases, as MediaWiki allows). PLURAL counts are read from the raw
/// argument; parameters shown in text are formatted for the message's language.
/// </summary>
public static partial class MessageFormatter
{
    [GeneratedRegex(@"\{\{\s*PLURAL\s*:(?<body>[^{}]*)\}\}", RegexOptions.IgnoreCase)]
    private static partial Regex PluralPattern();

    [GeneratedRegex(@"\$(?<index>[1-9][0-9]*)")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"^\s*(?<number>-?[0-9]+(\.[0-9]+)?)\s*=(?<form>.*)$", RegexOptions.Singleline)]
    private static partial Regex ExplicitFormPattern();

    public static string Format(string template, string language, params object?[] arguments) =>
        FormatIn(template, language, CultureFor(language), arguments);

    /// <summary>The message in <paramref name="language"/>'s grammar (its plural rules), its numbers and dates written in <paramref name="culture"/>.</summary>
    public static string FormatIn(string template, string language, CultureInfo culture, params object?[] arguments)
    {
        var withPlurals = PluralPattern().Replace(template, match => ChoosePluralForm(match.Groups["body"].Value, language, arguments));
        return ParameterPattern().Replace(withPlurals, match =>
        {
            var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture) - 1;
            // A missing argument stays visible as "$n", as MediaWiki does, so the gap is noticed.
            return index < arguments.Length ? Display(arguments[index], culture) : match.Value;
        });
    }

    /// <summary>The <c>$n</c> parameters a message uses, e.g. {1, 2}.</summary>
    public static IReadOnlySet<int> ParametersOf(string template) =>
        ParameterPattern().Matches(template)
            .Select(m => int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture))
            .ToHashSet();

    private static string ChoosePluralForm(string body, string language, object?[] arguments)
    {
        var parts = body.Split('|');
        var countText = ParameterPattern().Replace(parts[0].Trim(), m =>
        {
            var index = int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture) - 1;
            return index < arguments.Length ? Convert.ToString(arguments[index], CultureInfo.InvariantCulture) ?? "" : "";
        });
        if (!decimal.TryParse(countText, NumberStyles.Number, CultureInfo.InvariantCulture, out var count))
        {
            count = 0;
        }

        var forms = new List<string>();
        foreach (var form in parts.Skip(1))
        {
            var explicitForm = ExplicitFormPattern().Match(form);
            if (explicitForm.Success)
            {
                if (decimal.Parse(explicitForm.Groups["number"].Value, CultureInfo.InvariantCulture) == count)
                {
                    return explicitForm.Groups["form"].Value;
                }
                continue;
            }
            forms.Add(form);
        }
        if (forms.Count == 0)
        {
            return "";
        }

        var categories = PluralRules.CategoriesOf(language);
        var position = Math.Max(0, categories.ToList().IndexOf(PluralRules.CategoryOf(language, count)));
        // Fewer forms than categories: MediaWiki uses the last form for the rest.
        return forms[Math.Min(position, forms.Count - 1)];
    }

    private static string Display(object? argument, CultureInfo culture) => argument switch
    {
        null => "",
        // Whole counts get the language's digit grouping ("1,234" / "1.234").
        int or long => ((IFormattable)argument).ToString("N0", culture),
        IFormattable formattable => formattable.ToString(null, culture),
        _ => argument.ToString() ?? "",
    };

    public static CultureInfo CultureFor(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}
