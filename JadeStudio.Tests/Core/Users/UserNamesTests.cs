using JadeStudio.Core.Users;

namespace JadeStudio.Tests.Core.Users;

/// <summary>A name written in an address, a filter or an upload is read as MediaWiki reads a user name.</summary>
public sealed class UserNamesTests
{
    [Theory]
    [InlineData("Jane Doe", "Jane Doe", "Jane Doe")]
    [InlineData("jane_doe", "jane doe", "Jane doe")]
    [InlineData("  Jane__ _Doe  ", "Jane Doe", "Jane Doe")]
    [InlineData("Jane\u00A0Doe\u3000", "Jane Doe", "Jane Doe")]
    [InlineData("\u200EJane\u202E Doe", "Jane Doe", "Jane Doe")]
    [InlineData("e\u0301mile", "\u00E9mile", "\u00C9mile")]
    [InlineData("\U0001D4B6bc", "\U0001D4B6bc", "\U0001D4B6bc")]
    [InlineData("ß", "ß", "ß")]
    public void A_written_name_is_tidied_and_capitalised_as_a_wiki_stores_it(string written, string normalized, string canonical) =>
        Assert.Equal((normalized, canonical), (UserNames.Normalize(written), UserNames.Canonical(written)));

    [Fact]
    public void A_name_with_a_lone_surrogate_is_kept_as_it_is_not_an_error() =>
        Assert.Equal(("A\uD800b", "A\uFFFEb"), (UserNames.Canonical("a\uD800b"), UserNames.Canonical("a\uFFFEb")));

    [Fact]
    public void The_stored_forms_of_a_name_begin_with_the_name_as_written()
    {
        Assert.Equal(["jane_doe", "jane doe", "Jane doe"], UserNames.StoredFormsOf("jane_doe"));
        Assert.Equal(["Jane Doe"], UserNames.StoredFormsOf("Jane Doe"));
    }
}
