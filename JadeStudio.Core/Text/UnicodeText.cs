using System.Text;

namespace JadeStudio.Core.Text;

/// <summary>
/// Text as it is stored and searched: in Unicode's composed form (NFC), as MediaWiki stores all text, so that "é"
/// typed as one character and as "e" with a combining accent are the same text to a search, a filter and a name.
/// </summary>
public static class UnicodeText
{
    /// <summary>The text composed (NFC); a text holding a lone surrogate, which cannot be composed, is left as it is.</summary>
    public static string Composed(string text) => HasLoneSurrogate(text) ? text : text.Normalize(NormalizationForm.FormC);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}
