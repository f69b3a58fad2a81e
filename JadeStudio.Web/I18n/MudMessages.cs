using Microsoft.Extensions.Localization;
using MudBlazor;

namespace JadeStudio.Web.I18n;

/// <summary>
/// MudBlazor's own texts (pager buttons, "Clear", the calendar's month buttons) from the message files, so
/// they speak the viewer's language like every other string: <c>MudInput_Clear</c> is
/// <c>jadestudio-mud-input-clear</c>, and MudBlazor's <c>{0}</c> is the message's <c>$1</c>.
/// </summary>
public sealed class MudMessages(Messages messages) : MudLocalizer
{
    public static string KeyOf(string mudKey) => "jadestudio-mud-" + mudKey.Replace("Mud", "", StringComparison.Ordinal).Replace('_', '-').ToLowerInvariant();

    public override LocalizedString this[string key]
    {
        get
        {
            var found = messages[KeyOf(key)];
            // A text this app never shows has no message: MudBlazor's English stays, marked as not found.
            return found.ResourceNotFound ? new LocalizedString(key, base[key].Value, resourceNotFound: true) : found;
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var found = messages[KeyOf(key), arguments];
            // MudBlazor's own indexer with arguments calls the one without: format its English here instead.
            return found.ResourceNotFound
                ? new LocalizedString(key, string.Format(messages.Culture, base[key].Value, arguments), resourceNotFound: true)
                : found;
        }
    }
}
