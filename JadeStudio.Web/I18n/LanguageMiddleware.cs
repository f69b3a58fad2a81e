using JadeStudio.Core.I18n;
using JadeStudio.Core.Users;
using JadeStudio.Web.Auth;

namespace JadeStudio.Web.I18n;

/// <summary>Chooses the language of each HTTP request (see <see cref="LanguageNegotiator"/>).</summary>
public sealed class LanguageMiddleware(RequestDelegate next)
{
    /// <summary>Remembers an anonymous visitor's choice from the language selector.</summary>
    public const string CookieName = "jadestudio-lang";

    public async Task InvokeAsync(HttpContext context, UiLanguage language, MessageCatalog catalog, UserDirectory users)
    {
        string? preference = null;
        if (context.User.GetUserId() is { } userId)
        {
            preference = (await users.FindAsync(userId, context.RequestAborted))?.Language;
        }
        language.Code = LanguageNegotiator.Choose(
            new LanguageNegotiator.Inputs(
                UseLang: context.Request.Query["uselang"].FirstOrDefault(),
                UserPreference: preference,
                SavedChoice: context.Request.Cookies[CookieName],
                AcceptLanguage: context.Request.Headers.AcceptLanguage.ToString()),
            catalog.Languages);
        await next(context);
    }
}
