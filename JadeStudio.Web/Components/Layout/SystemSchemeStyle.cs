using System.Text;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace JadeStudio.Web.Components.Layout;

/// <summary>
/// The dark palette as CSS that applies only while the browser prefers dark and the page follows it
/// (<c>html[data-theme=system]</c>): a visitor on a dark system gets a dark first paint, before the
/// interactive circuit can ask the browser. MudBlazor writes the variables (its own <see cref="MudThemeProvider.GenerateTheme"/>);
/// the selector outranks the provider's <c>:root</c>, and choosing light or dark changes <c>data-theme</c>.
/// </summary>
public sealed class SystemSchemeStyle : MudThemeProvider
{
    public SystemSchemeStyle()
    {
        Theme = JadeTheme.Theme;
        IsDarkMode = true;
        ObserveSystemDarkModeChange = false;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var variables = new StringBuilder();
        GenerateTheme(variables);
        builder.AddMarkupContent(0, $"<style>@media (prefers-color-scheme: dark) {{ html[data-theme=system]:root {{ {variables} }} }}</style>");
    }
}
