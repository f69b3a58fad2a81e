using JadeStudio.Core.I18n;
using JadeStudio.Core.Users;
using JadeStudio.Web.Auth;
using JadeStudio.Web.Components.Layout;
using JadeStudio.Web.I18n;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Chooses each HTTP request's interface language (see <see cref="LanguageNegotiator"/>) and colour scheme:
/// the signed-in user's saved choice first, then the anonymous visitor's cookie, then what the browser says.
/// </summary>
public sealed class UiPreferencesMiddleware(RequestDelegate next)
{
    /// <summary>Remembers an anonymous visitor's choice from the language selector.</summary>
    public const string LanguageCookie = "jadestudio-lang";

    public async Task InvokeAsync(HttpContext context, UiLanguage language, UiTheme theme, MessageCatalog catalog, UserDirectory users)
    {
        var user = context.User.GetUserId() is { } userId ? await users.FindAsync(userId, context.RequestAborted) : null;
        language.Code = LanguageOf(context, user?.Language, catalog);
        language.Culture = LanguageNegotiator.FormattingCulture(language.Code, context.Request.Headers.AcceptLanguage.ToString());

        theme.Choice = user?.Theme ?? UiTheme.Parse(context.Request.Cookies[UiTheme.CookieName]);
        await next(context);
    }

    /// <summary>The request's language: <c>?uselang</c>, the user's saved language, the visitor's cookie, then the browser's.</summary>
    public static string LanguageOf(HttpContext context, string? userPreference, MessageCatalog catalog) => LanguageNegotiator.Choose(
        new LanguageNegotiator.Inputs(
            UseLang: context.Request.Query["uselang"].FirstOrDefault(),
            UserPreference: userPreference,
            SavedChoice: context.Request.Cookies[LanguageCookie],
            AcceptLanguage: context.Request.Headers.AcceptLanguage.ToString()),
        catalog.Languages);
}
