using System.Text.RegularExpressions;
using JadeStudio.Core.I18n;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.I18n;

/// <summary>The checks translatewiki.net-style message files need (DESIGN.md §9).</summary>
public partial class MessageFileTests
{
    private static readonly MessageCatalog Catalog = MessageCatalog.LoadDirectory(RepositoryPaths.I18n);
    private static IReadOnlyDictionary<string, string> English => Catalog.MessagesOf("en");

    public static TheoryData<string> Translations() => [.. Catalog.Languages.Where(l => l != "en")];

    [Fact]
    public void Every_English_message_is_documented_in_qqq()
    {
        var undocumented = English.Keys.Where(key => !Catalog.Documentation.ContainsKey(key) || string.IsNullOrWhiteSpace(Catalog.Documentation[key]));
        Assert.Empty(undocumented);
    }

    [Fact]
    public void Qqq_documents_no_message_that_English_lacks() =>
        Assert.Empty(Catalog.Documentation.Keys.Except(English.Keys));

    [Fact]
    public void Keys_follow_the_jadestudio_area_what_pattern() =>
        Assert.All(English.Keys, key => Assert.Matches(KeyPattern(), key));

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_translation_has_no_key_unknown_to_English(string language) =>
        Assert.Empty(Catalog.MessagesOf(language).Keys.Except(English.Keys));

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_translation_uses_the_same_parameters_as_English(string language)
    {
        var mismatched = Catalog.MessagesOf(language)
            .Where(pair => !MessageFormatter.ParametersOf(pair.Value).SetEquals(MessageFormatter.ParametersOf(English[pair.Key])))
            .Select(pair => pair.Key);
        Assert.Empty(mismatched);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("he")]
    public void Shipped_translations_are_complete(string language) =>
        Assert.Empty(English.Keys.Except(Catalog.MessagesOf(language).Keys));

    [GeneratedRegex("^jadestudio-[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();
}
