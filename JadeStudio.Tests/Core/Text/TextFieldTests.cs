using JadeStudio.Core.Commands;
using JadeStudio.Core.Text;

namespace JadeStudio.Tests.Core.Text;

public sealed class TextFieldTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n ")]
    // Characters that draw nothing: zero-width space, right-to-left override, soft hyphen, byte-order mark, word joiner,
    // a variation selector, the Hangul filler, a tag character (outside the Basic Multilingual Plane).
    [InlineData("\u200B\u200B")]
    [InlineData(" \u202E ")]
    [InlineData("\u00AD")]
    [InlineData("\uFEFF\u2060")]
    [InlineData("\uFE0F")]
    [InlineData("\u3164")]
    [InlineData("\U000E0041")]
    public void No_text_is_none_where_a_field_may_be_empty_and_refused_where_it_may_not(string? text)
    {
        Assert.Null(TextField.Optional(text, "notes", 5));
        Assert.Equal("title", Assert.IsType<JadeError.EmptyText>(Assert.Throws<JadeException>(() => TextField.Required(text, "title", 5)).Error).Field);
    }

    [Theory]
    [InlineData("\u200Bx")]
    [InlineData("\u0301")]
    [InlineData("\uD83D\uDE00")]
    [InlineData("\uD800")]
    [InlineData("a\u200Db")]
    public void A_text_with_any_character_that_draws_something_is_a_text(string text)
    {
        Assert.False(UnicodeText.IsBlank(text));
        Assert.NotNull(TextField.Optional(text, "notes", 5));
    }

    [Fact]
    public void A_text_is_stored_trimmed_and_measured_without_its_surrounding_spaces()
    {
        Assert.Equal("abcde", TextField.Optional("  abcde \n", "notes", 5));
        Assert.Equal("abcde", TextField.Required("  abcde \n", "title", 5));
    }

    [Fact]
    public void A_text_longer_than_its_field_is_refused_by_the_fields_name_and_limit()
    {
        var optional = Assert.IsType<JadeError.TextTooLong>(Assert.Throws<JadeException>(() => TextField.Optional("abcdef", "notes", 5)).Error);
        var required = Assert.IsType<JadeError.TextTooLong>(Assert.Throws<JadeException>(() => TextField.Required(" abcdef ", "title", 5)).Error);

        Assert.Equal(("notes", 5), (optional.Field, optional.MaxLength));
        Assert.Equal(("title", 5), (required.Field, required.MaxLength));
    }

    [Fact]
    public void A_text_is_stored_composed_and_measured_so()
    {
        // "é" as "e" with a combining accent: 6 characters written, 5 stored.
        Assert.Equal("\u00E9mile", TextField.Optional("e\u0301mile", "notes", 5));
        Assert.Equal("a\uD800b", TextField.Optional("a\uD800b", "notes", 5));
        Assert.Equal("a\uFFFEb", TextField.Optional("a\uFFFEb", "notes", 5));
    }
}
