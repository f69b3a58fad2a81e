using JadeStudio.Core.Users;

namespace JadeStudio.Web.Components.Layout;

/// <summary>
/// The colour scheme of the current request or circuit (scoped), like <see cref="I18n.UiLanguage"/>: the
/// user's choice (account, else cookie) or null to follow the browser. Following it, the first paint is
/// right through CSS (<see cref="SystemSchemeStyle"/>); the circuit then asks the browser and keeps watching.
/// </summary>
public sealed class UiTheme
{
    /// <summary>Remembers an anonymous visitor's choice.</summary>
    public const string CookieName = "jadestudio-theme";

    public ThemeChoice? Choice { get; set; }

    /// <summary>What the browser prefers, once the circuit has asked it.</summary>
    public bool BrowserPrefersDark { get; set; }

    public bool IsDark => Choice switch
    {
        ThemeChoice.Dark => true,
        ThemeChoice.Light => false,
        _ => BrowserPrefersDark,
    };

    public static ThemeChoice? Parse(string? value) => Core.Text.EnumNames.TryParse<ThemeChoice>(value, out var choice) ? choice : null;
}
