using JadeStudio.Core.I18n;

namespace JadeStudio.Tests.Core.I18n;

public class LanguageNegotiatorTests
{
    private static readonly string[] Available = ["en", "de", "he"];

    private static string Choose(string? useLang = null, string? preference = null, string? saved = null, string? accept = null) =>
        LanguageNegotiator.Choose(new LanguageNegotiator.Inputs(useLang, preference, saved, accept), Available);

    [Fact]
    public void Uselang_wins_over_everything() => Assert.Equal("he", Choose(useLang: "he", preference: "de", saved: "de", accept: "de"));

    [Fact]
    public void The_users_preference_wins_over_the_browser() => Assert.Equal("de", Choose(preference: "de", accept: "he"));

    [Fact]
    public void The_saved_choice_of_an_anonymous_visitor_wins_over_the_browser() => Assert.Equal("he", Choose(saved: "he", accept: "de"));

    [Fact]
    public void Accept_language_is_read_by_quality() => Assert.Equal("he", Choose(accept: "fr;q=0.9, he;q=0.8, de;q=0.5"));

    [Fact]
    public void A_regional_variant_falls_back_to_its_language() => Assert.Equal("de", Choose(accept: "de-AT"));

    [Fact]
    public void An_unsupported_uselang_is_ignored() => Assert.Equal("de", Choose(useLang: "xx", accept: "de"));

    [Fact]
    public void A_refused_language_is_not_chosen() => Assert.Equal("en", Choose(accept: "de;q=0"));

    [Fact]
    public void Nothing_usable_means_English() => Assert.Equal("en", Choose(accept: "fr, ja"));

    [Theory]
    [InlineData("en", "en-GB,en;q=0.9", "en-GB")]
    [InlineData("en", "de-CH,en-AU;q=0.5", "en-AU")]
    [InlineData("de", "de-CH", "de-CH")]
    [InlineData("de", "en-GB", "de")] // the browser names no German: German's own
    [InlineData("en", "en", "en")]
    [InlineData("en", "", "en")]
    [InlineData("en", "en-x!, en-NZ", "en-NZ")] // what no culture is named is passed over
    [InlineData("en", "en-x1, en-x2, en-x3, en-x4, en-GB", "en")] // a few tries at most
    public void Numbers_and_dates_follow_the_browsers_region_of_the_chosen_language(string language, string acceptLanguage, string expected) =>
        Assert.Equal(expected, LanguageNegotiator.FormattingCulture(language, acceptLanguage));
}
