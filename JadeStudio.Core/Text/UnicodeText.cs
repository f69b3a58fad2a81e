using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace JadeStudio.Core.Text;

/// <summary>
/// Text as it is stored and searched: in Unicode's composed form (NFC), as MediaWiki stores all text, so that "é"
/// typed as one character and as "e" with a combining accent are the same text to a search, a filter and a name.
/// </summary>
public static class UnicodeText
{
    /// <summary>
    /// True when the text draws nothing: null, empty, or only white space and Unicode's default-ignorable code points (a
    /// zero-width space, a bidi mark or override, a soft hyphen, a byte-order mark, a variation selector, the Hangul
    /// fillers). A title, comment or reason made of them would read as empty wherever it is shown, so every field that
    /// needs a text refuses it as empty, and an optional one stores none. Control characters are not blank here: NUL
    /// has a refusal of its own (<c>jade-nulcharacter</c>), which must not turn into a silently dropped comment.
    /// </summary>
    public static bool IsBlank([NotNullWhen(false)] string? text)
    {
        if (text is null)
        {
            return true;
        }
        for (var i = 0; i < text.Length;)
        {
            // A lone surrogate decodes as invalid and counts as something drawn (the replacement character).
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) != System.Buffers.OperationStatus.Done
                || !(Rune.IsWhiteSpace(rune) || IsDefaultIgnorable(rune.Value)))
            {
                return false;
            }
            i += length;
        }
        return true;
    }

    /// <summary>
    /// Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 16): characters that render
    /// as nothing when a font has no glyph for them. .NET exposes no such property, hence the ranges written here.
    /// </summary>
    private static bool IsDefaultIgnorable(int c) =>
        c is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFEFF or 0xFFA0
        || c is >= 0x180B and <= 0x180F
        || c is >= 0x200B and <= 0x200F
        || c is >= 0x202A and <= 0x202E
        || c is >= 0x2060 and <= 0x206F
        || c is >= 0xFE00 and <= 0xFE0F
        || c is >= 0xFFF0 and <= 0xFFF8
        || c is >= 0x1BCA0 and <= 0x1BCA3
        || c is >= 0x1D173 and <= 0x1D17A
        || c is >= 0xE0000 and <= 0xE0FFF;

    /// <summary>
    /// The text composed (NFC). A text .NET refuses to normalise (a lone surrogate, the noncharacter U+FFFE) is left
    /// as it is: it is still taken or refused by the other rules, never a server error.
    /// </summary>
    public static string Composed(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }
}
