using System.Text;

namespace JadeStudio.Core.Text;

/// <summary>
/// Text as it is stored and searched: in Unicode's composed form (NFC), as MediaWiki stores all text, so that "é"
/// typed as one character and as "e" with a combining accent are the same text to a search, a filter and a name.
/// </summary>
public static class UnicodeText
{
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
