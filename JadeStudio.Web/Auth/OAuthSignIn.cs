using System.Net.Http.Headers;
using System.Text.Json;
using JadeStudio.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace JadeStudio.Web.Auth;

/// <summary>
/// "JadeStudio:OAuth": sign-in with MediaWiki's OAuth 2.0 provider (meta.wikimedia.org by default) or any
/// OAuth 2 / OpenID Connect provider with authorize, token and user-information endpoints.
/// </summary>
public sealed class OAuthSignInOptions
{
    public const string Section = "JadeStudio:OAuth";
    public const string Scheme = "oauth";

    /// <summary>Stored with each user's subject, e.g. <c>mediawiki</c>: together they are the identity.</summary>
    public string Provider { get; set; } = "mediawiki";

    /// <summary>Shown on the sign-in button, e.g. "Wikimedia account".</summary>
    public string DisplayName { get; set; } = "Wikimedia";

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>A MediaWiki site; its /w/rest.php/oauth2/* endpoints are used unless given below.</summary>
    public string Wiki { get; set; } = "https://meta.wikimedia.org";

    public string? AuthorizationEndpoint { get; set; }
    public string? TokenEndpoint { get; set; }
    public string? UserInformationEndpoint { get; set; }
    public List<string> Scopes { get; set; } = [];
    public ProfileClaims Claims { get; set; } = new();

    /// <summary>Wiki right → JadeStudio rights; replaces the default map when given.</summary>
    public Dictionary<string, List<string>> RightsMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long to wait for the provider's token and profile endpoints.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    public string AuthorizeUrl => AuthorizationEndpoint ?? Wiki.TrimEnd('/') + "/w/rest.php/oauth2/authorize";
    public string TokenUrl => TokenEndpoint ?? Wiki.TrimEnd('/') + "/w/rest.php/oauth2/access_token";
    public string ProfileUrl => UserInformationEndpoint ?? Wiki.TrimEnd('/') + "/w/rest.php/oauth2/resource/profile";

    public WikiRightsMap WikiRights => RightsMap.Count > 0 ? new WikiRightsMap { Map = RightsMap } : WikiRightsMap.Defaults();
}

public static class OAuthSignIn
{
    public const string CallbackPath = "/signin/oauth/callback";

    public static AuthenticationBuilder AddJadeOAuth(this AuthenticationBuilder authentication, OAuthSignInOptions settings)
    {
        settings.WikiRights.Validate();
        authentication.Services.AddSingleton(settings);
        authentication.Services.AddSingleton(settings.WikiRights);
        if (!settings.IsConfigured)
        {
            return authentication;
        }
        return authentication.AddOAuth(OAuthSignInOptions.Scheme, settings.DisplayName, oauth =>
        {
            oauth.ClientId = settings.ClientId!;
            oauth.ClientSecret = settings.ClientSecret ?? "";
            oauth.AuthorizationEndpoint = settings.AuthorizeUrl;
            oauth.TokenEndpoint = settings.TokenUrl;
            oauth.UserInformationEndpoint = settings.ProfileUrl;
            oauth.CallbackPath = CallbackPath;
            oauth.UsePkce = true;
            oauth.SaveTokens = false;
            oauth.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            oauth.BackchannelTimeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
            // The provider sends the browser back with a top-level GET, which carries Lax cookies; the
            // correlation cookie is what makes `state` single-use.
            oauth.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oauth.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            foreach (var scope in settings.Scopes)
            {
                oauth.Scope.Add(scope);
            }
            oauth.Events.OnCreatingTicket = context => CreateUserAsync(context, settings);
            oauth.Events.OnAccessDenied = context => Fail(context, "oauth-denied");
            oauth.Events.OnRemoteFailure = context =>
            {
                var unreachable = context.Failure is HttpRequestException or TaskCanceledException or OperationCanceledException
                    || context.Failure?.InnerException is HttpRequestException or TaskCanceledException;
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OAuthSignIn))
                    .LogWarning(context.Failure, "OAuth sign-in failed.");
                return Fail(context, unreachable ? "oauth-unreachable" : "oauth-failed");
            };
        });
    }

    /// <summary>Fetches the profile and turns it into a JadeStudio user (identity = subject, never the name).</summary>
    private static async Task CreateUserAsync(OAuthCreatingTicketContext context, OAuthSignInOptions settings)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
        var profile = ExternalProfile.Parse(document.RootElement, settings.Claims)
            ?? throw new InvalidOperationException("The provider's profile has no subject or no user name.");
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        var user = await users.RecordSignInAsync(settings.Provider, profile.Subject, profile.Name, [], profile, context.HttpContext.RequestAborted);
        context.Principal = UserClaims.For(user.Id, user.Name, CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static Task Fail<TOptions>(HandleRequestContext<TOptions> context, string error) where TOptions : RemoteAuthenticationOptions
    {
        context.Response.Redirect("/signin?error=" + error);
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
