using JadeStudio.Core.Text;

namespace JadeStudio.Tests.Core.Text;

public sealed class CursorTextTests
{
    [Fact]
    public void A_cursor_is_handed_out_in_the_URL_safe_alphabet_without_padding() =>
        // "~~~???" is "fn5+Pz8/" in standard base64: both characters a query string mangles.
        Assert.Equal("fn5-Pz8_", CursorText.Encode("~~~???"));

    [Theory]
    [InlineData("fn5-Pz8_", "~~~???")]
    [InlineData("fn5+Pz8/", "~~~???")]
    [InlineData("fn5-Pz4", "~~~?>")]
    [InlineData("fn5-Pz4=", "~~~?>")]
    public void A_cursor_is_read_in_either_alphabet_with_or_without_padding(string cursor, string expected)
    {
        Assert.True(CursorText.TryDecode(cursor, 40, out var text));
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("fn5-P")]
    public void What_is_not_a_cursor_is_refused(string? cursor) => Assert.False(CursorText.TryDecode(cursor, 40, out _));

    [Fact]
    public void A_cursor_longer_than_any_handed_out_is_refused_unread() =>
        Assert.False(CursorText.TryDecode(CursorText.Encode(new string('a', 31)), 40, out _));
}
