using JadeStudio.Core.Users;
using JadeStudio.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace JadeStudio.Web.Auth;

/// <summary>Sign-in and sign-out. Form posts from the app's own pages, protected by antiforgery.</summary>
public static class AuthEndpoints
{
    public const string DevelopmentProvider = "development";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/auth");
        // The handler reads its form itself (below), so the antiforgery check is asked for by name.
        auth.MapPost("/development-signin", SignInAsDevelopmentAccount).WithMetadata(new RequireAntiforgeryTokenAttribute());
        auth.MapGet("/oauth-signin", (string? returnUrl, OAuthSignInOptions oauth) => oauth.IsConfigured
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OAuthSignInOptions.Scheme])
            : Results.Redirect("/signin?error=oauth-notconfigured"));
        // Cast: a lone HttpContext parameter would otherwise bind as a RequestDelegate and drop the result.
        auth.MapPost("/signout", (Delegate)SignOut);
        return endpoints;
    }

    private static async Task<IResult> SignInAsDevelopmentAccount(HttpContext context, IOptions<JadeStudioOptions> options, IHostEnvironment environment, UserDirectory users)
    {
        // The token's verdict first: the handlers generated at build time (RequestDelegateGenerator) would read a form
        // whose token failed and throw (a 500). Refused as a binding failure is (UseBadRequestStatus: a bare 400, not
        // re-executed as a page, whose own antiforgery check would meet the failed token again).
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } || !context.Request.HasFormContentType)
        {
            throw new BadHttpRequestException("No form, or its antiforgery token is missing or invalid.");
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["account"].ToString() is not { Length: > 0 } account)
        {
            throw new BadHttpRequestException("Required parameter \"account\" was not provided from form.");
        }
        string? returnUrl = form["returnUrl"];
        var settings = options.Value.DevelopmentSignIn;
        if (!settings.IsAllowedIn(environment))
        {
            return Results.Redirect("/signin?error=development-disabled");
        }
        var chosen = settings.Accounts.FirstOrDefault(a => a.Key == account);
        if (chosen is null)
        {
            return Results.Redirect("/signin?error=unknown-account");
        }
        var user = await users.RecordSignInAsync(DevelopmentProvider, chosen.Key, chosen.Name, chosen.Groups, cancellationToken: context.RequestAborted);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            UserClaims.For(user.Id, user.Name, CookieAuthenticationDefaults.AuthenticationScheme));
        return Results.LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private static async Task<IResult> SignOut(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/");
    }

    /// <summary>
    /// Only local paths: a sign-in link must not become an open redirect. Nor may it hold a control character, which no
    /// address holds and ASP.NET Core's local redirect refuses (with an exception, so a 500).
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            && !returnUrl.Any(char.IsControl)
            ? NonAsciiEscaped(returnUrl)
            : "/";

    /// <summary>
    /// The address with every character beyond ASCII percent-encoded (as UTF-8), as a browser sends it, and nothing else
    /// changed: it goes into the Location header, where Kestrel refuses any other character with an exception (a 500).
    /// By hand because the framework's encoders escape the address's own separators too (/, ?, &amp;, #, %).
    /// </summary>
    private static string NonAsciiEscaped(string url)
    {
        if (System.Text.Ascii.IsValid(url))
        {
            return url;
        }
        var escaped = new System.Text.StringBuilder(url.Length * 2);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                escaped.Append((char)rune.Value);
                continue;
            }
            for (var i = 0; i < rune.EncodeToUtf8(utf8); i++)
            {
                escaped.Append('%').Append(utf8[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return escaped.ToString();
    }
}
