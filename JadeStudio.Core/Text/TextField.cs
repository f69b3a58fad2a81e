using JadeStudio.Core.Commands;

namespace JadeStudio.Core.Text;

/// <summary>
/// A text a user writes into a field (a comment, a title, a reason, a name): stored trimmed and composed
/// (<see cref="UnicodeText"/>), refused by the field's name
/// when it is longer than the field takes (<c>jade-texttoolong</c>) or, where one is needed, when there is none
/// (<c>jade-emptytext</c>). One rule for every field, so each refusal reads the same in the API and on the page.
/// </summary>
public static class TextField
{
    /// <summary>The text trimmed, or null when there is none (blank means no text); over the limit is refused, never cut.</summary>
    public static string? Optional(string? text, string field, int maxLength)
    {
        if (UnicodeText.IsBlank(text))
        {
            return null;
        }
        var trimmed = UnicodeText.Composed(text.Trim());
        return trimmed.Length > maxLength ? throw new JadeException(new JadeError.TextTooLong(field, maxLength)) : trimmed;
    }

    /// <summary>The text trimmed; none is refused.</summary>
    public static string Required(string? text, string field, int maxLength) =>
        Optional(text, field, maxLength) ?? throw new JadeException(new JadeError.EmptyText(field));
}
