using System.Text.RegularExpressions;
using JadeStudio.Core.Permissions;

namespace JadeStudio.Core.AbuseFilters;

/// <summary>Whether a filter's conditions hold: every condition given must hold; a filter with no text condition matches on the others.</summary>
public static class FilterRule
{
    /// <summary>A pattern that runs longer than this counts as not matching (a filter must never stall a write).</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static string NameOf(TextAction action) => action.ToString().ToLowerInvariant();

    public static bool Matches(AbuseFilter filter, FilterInput input, FilterAuthor author)
    {
        if (Split(filter.Wikis) is { Count: > 0 } wikis && !wikis.Contains(input.Wiki))
        {
            return false;
        }
        if (Split(filter.TextActions) is { Count: > 0 } actions && !actions.Contains(NameOf(input.Action)))
        {
            return false;
        }
        if (filter.ExemptRight is { } exempt && Rights.TryParse(exempt, out var right) && author.Rights.Contains(right))
        {
            return false;
        }
        if (filter.MaxAccountAgeDays is { } maxAge && author.AccountAgeDays >= maxAge)
        {
            return false;
        }
        if (filter.MaxJudgments is { } maxJudgments && author.Judgments >= maxJudgments)
        {
            return false;
        }
        if (filter.Pattern is { Length: > 0 } pattern && !PatternMatches(pattern, input.Text))
        {
            return false;
        }
        if (WordsOf(filter.Words) is { Count: > 0 } words && !words.Any(word => ContainsWord(input.Text, word)))
        {
            return false;
        }
        return true;
    }

    public static bool IsValidPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool PatternMatches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool ContainsWord(string text, string word) =>
        Regex.IsMatch(text, @"(?<![\p{L}\p{N}])" + Regex.Escape(word) + @"(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout);

    public static IReadOnlyList<string> WordsOf(string? words) =>
        (words ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlySet<string> Split(string values) => values.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
