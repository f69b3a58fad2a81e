using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace JadeStudio.Web.Components.Layout;

/// <summary>
/// Escape closes a header menu also when it was opened with the mouse: MudBlazor's menu handles Escape only
/// while the focus is on one of its items, and a click leaves the focus on the button that opened it.
/// </summary>
public static class MenuKeys
{
    public static async Task CloseOnEscapeAsync(MudMenu? menu, KeyboardEventArgs e)
    {
        if (menu is not null && e.Key == "Escape")
        {
            await menu.CloseMenuAsync();
        }
    }
}
