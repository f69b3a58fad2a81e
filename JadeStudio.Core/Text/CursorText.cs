using System.Text;

namespace JadeStudio.Core.Text;

/// <summary>
/// The text inside an opaque cursor (the feed's, the artifact list's): URL-safe base64 without padding, as they are handed
/// out; the standard alphabet and padding are read too, as cursors handed out before used them.
/// </summary>
public static class CursorText
{
    public static string Encode(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));

    /// <param name="maxLength">Longer cursors are refused unread: none handed out is that long.</param>
    public static bool TryDecode(string? cursor, int maxLength, out string text)
    {
        text = "";
        if (string.IsNullOrEmpty(cursor) || cursor.Length > maxLength)
        {
            return false;
        }
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        try
        {
            text = Encoding.ASCII.GetString(Convert.FromBase64String(base64 + new string('=', (4 - base64.Length % 4) % 4)));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
