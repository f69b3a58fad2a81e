using JadeStudio.Core.I18n;

namespace JadeStudio.Tests.Core.I18n;

public class MessageFormatterTests
{
    [Fact]
    public void Parameters_are_substituted_in_order()
    {
        Assert.Equal("Dev Reviewer (user, sysop)", MessageFormatter.Format("$1 ($2)", "en", "Dev Reviewer", "user, sysop"));
    }

    [Fact]
    public void A_missing_parameter_stays_visible()
    {
        Assert.Equal("Hello $1", MessageFormatter.Format("Hello $1", "en"));
    }

    [Theory]
    [InlineData(1, "1 judgment")]
    [InlineData(0, "0 judgments")]
    [InlineData(2, "2 judgments")]
    public void English_plural_has_one_and_other(int count, string expected)
    {
        Assert.Equal(expected, MessageFormatter.Format("$1 {{PLURAL:$1|judgment|judgments}}", "en", count));
    }

    [Theory]
    [InlineData(1, "עריכה אחת")]
    [InlineData(2, "שתי עריכות")]
    [InlineData(3, "3 עריכות")]
    [InlineData(10, "10 עריכות")]
    public void Hebrew_plural_distinguishes_one_two_and_other(int count, string expected)
    {
        Assert.Equal(expected, MessageFormatter.Format("{{PLURAL:$1|עריכה אחת|שתי עריכות|$1 עריכות}}", "he", count));
    }

    [Fact]
    public void Fewer_forms_than_categories_use_the_last_form()
    {
        // Hebrew has three categories; with two forms, "two" falls back to the last one.
        Assert.Equal("2 עריכות", MessageFormatter.Format("{{PLURAL:$1|עריכה אחת|$1 עריכות}}", "he", 2));
    }

    [Fact]
    public void Explicit_number_forms_win_over_categories()
    {
        Assert.Equal("no judgments yet", MessageFormatter.Format("{{PLURAL:$1|0=no judgments yet|$1 judgment|$1 judgments}}", "en", 0));
        Assert.Equal("1 judgment", MessageFormatter.Format("{{PLURAL:$1|0=no judgments yet|$1 judgment|$1 judgments}}", "en", 1));
    }

    [Fact]
    public void Counts_shown_in_text_use_the_languages_digit_grouping()
    {
        Assert.Equal("12,345 Zeilen", MessageFormatter.Format("$1 Zeilen", "en", 12345));
        Assert.Equal("12.345 Zeilen", MessageFormatter.Format("$1 Zeilen", "de", 12345));
    }

    [Fact]
    public void Parameters_of_a_message_are_listed()
    {
        Assert.Equal(new HashSet<int> { 1, 3 }, MessageFormatter.ParametersOf("$1 and {{PLURAL:$3|one|$3}}").ToHashSet());
    }
}
