using JadeStudio.Core.Users;

namespace JadeStudio.Web.Components.Layout;

/// <summary>
/// The colour scheme of the current request or circuit (scoped), like <see cref="I18n.UiLanguage"/>: the
/// user's choice (account, else cookie) or null to follow the browser, whose preference the request may
/// carry as the <c>Sec-CH-Prefers-Color-Scheme</c> client hint so the first paint is already right.
/// </summary>
public sealed class UiTheme
{
    /// <summary>Remembers an anonymous visitor's choice.</summary>
    public const string CookieName = "jadestudio-theme";

    public const string ClientHint = "Sec-CH-Prefers-Color-Scheme";

    public ThemeChoice? Choice { get; set; }

    /// <summary>What the browser said it prefers, when known.</summary>
    public bool BrowserPrefersDark { get; set; }

    public bool IsDark => Choice switch
    {
        ThemeChoice.Dark => true,
        ThemeChoice.Light => false,
        _ => BrowserPrefersDark,
    };

    public static ThemeChoice? Parse(string? value) => Enum.TryParse<ThemeChoice>(value, ignoreCase: true, out var choice) ? choice : null;
}
