using JadeStudio.Core.Commands;
using JadeStudio.Core.Text;

namespace JadeStudio.Tests.Core.Text;

public sealed class TextFieldTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n ")]
    public void No_text_is_none_where_a_field_may_be_empty_and_refused_where_it_may_not(string? text)
    {
        Assert.Null(TextField.Optional(text, "notes", 5));
        Assert.Equal("title", Assert.IsType<JadeError.EmptyText>(Assert.Throws<JadeException>(() => TextField.Required(text, "title", 5)).Error).Field);
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
