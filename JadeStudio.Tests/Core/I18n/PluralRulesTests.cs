using JadeStudio.Core.I18n;

namespace JadeStudio.Tests.Core.I18n;

public class PluralRulesTests
{
    [Theory]
    [InlineData("cs", 1, PluralCategory.One)]
    [InlineData("cs", 3, PluralCategory.Few)]
    [InlineData("cs", 5, PluralCategory.Other)]
    [InlineData("ar", 0, PluralCategory.Zero)]
    [InlineData("ar", 2, PluralCategory.Two)]
    [InlineData("ar", 7, PluralCategory.Few)]
    [InlineData("ar", 11, PluralCategory.Many)]
    [InlineData("ar", 100, PluralCategory.Other)]
    [InlineData("fr", 0, PluralCategory.One)]
    [InlineData("en", 0, PluralCategory.Other)]
    [InlineData("he", 2, PluralCategory.Two)]
    [InlineData("he-IL", 1, PluralCategory.One)]
    public void Numbers_fall_in_the_CLDR_category_of_their_language(string language, int number, PluralCategory expected)
    {
        Assert.Equal(expected, PluralRules.CategoryOf(language, number));
    }

    [Fact]
    public void Every_category_a_rule_returns_is_one_the_language_lists()
    {
        foreach (var language in new[] { "en", "de", "he", "ar", "cs", "ru", "pl", "fr", "ja" })
        {
            var categories = PluralRules.CategoriesOf(language);
            for (var n = 0; n <= 200; n++)
            {
                Assert.Contains(PluralRules.CategoryOf(language, n), categories);
            }
        }
    }
}
