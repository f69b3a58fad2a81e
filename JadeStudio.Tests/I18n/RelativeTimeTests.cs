using JadeStudio.Web.I18n;

namespace JadeStudio.Tests.I18n;

/// <summary>Times people read as "how long ago" read naturally in each interface language (Humanizer's locales).</summary>
public sealed class RelativeTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("en", "3 hours ago")]
    [InlineData("de", "vor 3 Stunden")]
    [InlineData("he", "לפני 3 שעות")]
    public void Three_hours_ago_in_each_language(string language, string expected) =>
        Assert.Equal(expected, Formats.Ago(Now.AddHours(-3), language, Now));

    [Theory]
    [InlineData("en", "yesterday")]
    [InlineData("de", "gestern")]
    public void A_day_ago_is_yesterday(string language, string expected) =>
        Assert.Equal(expected, Formats.Ago(Now.AddDays(-1), language, Now));
}
