using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Text.Json;
using JadeStudio.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace JadeStudio.Web.Auth;

/// <summary>
/// "JadeStudio:OAuth": sign-in with MediaWiki's OAuth 2.0 provider (meta.wikimedia.org by default), any
/// OAuth 2 provider with authorize, token and user-information endpoints, or — with <see cref="Authority"/> —
/// any OpenID Connect provider (discovery, signed id_token, PKCE and nonce by ASP.NET Core's handler).
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

    /// <summary>An OpenID Connect issuer (its /.well-known/openid-configuration is read); set, it replaces the OAuth 2 endpoints.</summary>
    public string? Authority { get; set; }

    /// <summary>Off only for a provider on plain http on this machine (tests); discovery must otherwise be https.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string? AuthorizationEndpoint { get; set; }
    public string? TokenEndpoint { get; set; }
    public string? UserInformationEndpoint { get; set; }
    public List<string> Scopes { get; set; } = [];
    public ProfileClaims Claims { get; set; } = new();

    /// <summary>Wiki right → JadeStudio rights; replaces the default map when given.</summary>
    public Dictionary<string, List<string>> RightsMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long to wait for the provider's token and profile endpoints.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 10;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    public bool IsOpenIdConnect => !string.IsNullOrWhiteSpace(Authority);

    public string AuthorizeUrl => AuthorizationEndpoint ?? Wiki.TrimEnd('/') + "/w/rest.php/oauth2/authorize";
    public string TokenUrl => TokenEndpoint ?? Wiki.TrimEnd('/') + "/w/rest.php/oauth2/access_token";
    public string ProfileUrl => UserInformationEndpoint ?? Wiki.TrimEnd('/') + "/w/rest.php/oauth2/resource/profile";

    public WikiRightsMap WikiRights => RightsMap.Count > 0 ? new WikiRightsMap { Map = RightsMap } : WikiRightsMap.Defaults();
}

public static class OAuthSignIn
{
    public const string CallbackPath = "/signin/oauth/callback";

    /// <param name="userAgent">Sent on the handler's own requests to the provider (token, profile, metadata), as to the wikis.</param>
    public static AuthenticationBuilder AddJadeOAuth(this AuthenticationBuilder authentication, OAuthSignInOptions settings, string userAgent)
    {
        settings.WikiRights.Validate();
        authentication.Services.AddSingleton(settings);
        authentication.Services.AddSingleton(settings.WikiRights);
        if (!settings.IsConfigured)
        {
            return authentication;
        }
        if (settings.IsOpenIdConnect)
        {
            return authentication.AddJadeOpenIdConnect(settings, userAgent);
        }
        return authentication.AddOAuth(OAuthSignInOptions.Scheme, settings.DisplayName, oauth =>
        {
            oauth.ClientId = settings.ClientId!;
            oauth.ClientSecret = settings.ClientSecret ?? "";
            oauth.AuthorizationEndpoint = settings.AuthorizeUrl;
            oauth.TokenEndpoint = settings.TokenUrl;
            oauth.UserInformationEndpoint = settings.ProfileUrl;
            oauth.UsePkce = true;
            ConfigureRemote(oauth, settings, oauth.Scope, userAgent);
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

    /// <summary>Any OpenID Connect provider: the id_token, validated by the handler, is the profile.</summary>
    private static AuthenticationBuilder AddJadeOpenIdConnect(this AuthenticationBuilder authentication, OAuthSignInOptions settings, string userAgent) =>
        authentication.AddOpenIdConnect(OAuthSignInOptions.Scheme, settings.DisplayName, oidc =>
        {
            oidc.Authority = settings.Authority;
            oidc.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            oidc.ClientId = settings.ClientId;
            oidc.ClientSecret = settings.ClientSecret;
            oidc.ResponseType = "code";
            oidc.UsePkce = true;
            oidc.MapInboundClaims = false;
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            ConfigureRemote(oidc, settings, oidc.Scope, userAgent);
            oidc.Events.OnTokenValidated = context => CreateUserFromIdTokenAsync(context, settings);
            oidc.Events.OnAccessDenied = context => Fail(context, "oauth-denied");
            oidc.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OAuthSignIn))
                    .LogWarning(context.Failure, "OpenID Connect sign-in failed.");
                return Fail(context, OpenIdFailure(context.Failure));
            };
        });

    /// <summary>What both remote sign-ins share: the callback, the cookie they sign into, timeouts, scopes.</summary>
    private static void ConfigureRemote(RemoteAuthenticationOptions remote, OAuthSignInOptions settings, ICollection<string> scopes, string userAgent)
    {
        // The handlers name themselves ("Microsoft ASP.NET Core OAuth handler"); Wikimedia's User-Agent policy asks
        // every client for a way to reach its operator, so the backchannel says what the wiki reads say.
        remote.BackchannelHttpHandler = new OperatorUserAgent(userAgent) { InnerHandler = new HttpClientHandler() };
        remote.CallbackPath = CallbackPath;
        remote.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        remote.SaveTokens = false;
        remote.BackchannelTimeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
        // The provider sends the browser back with a top-level GET, which carries Lax cookies; the
        // correlation cookie is what makes `state` single-use.
        remote.CorrelationCookie.SameSite = SameSiteMode.Lax;
        remote.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        foreach (var scope in settings.Scopes)
        {
            scopes.Add(scope);
        }
    }

    /// <summary>Why a provider's answer was refused, in words the sign-in page can say.</summary>
    private static string OpenIdFailure(Exception? failure) => failure switch
    {
        Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException or Microsoft.IdentityModel.Tokens.SecurityTokenInvalidSignatureException => "oidc-untrusted",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException => "oidc-wrongaudience",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException => "oidc-wrongissuer",
        Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "oidc-expired",
        Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectProtocolInvalidNonceException => "oidc-replayed",
        HttpRequestException or TaskCanceledException or OperationCanceledException => "oauth-unreachable",
        { InnerException: { } inner } => OpenIdFailure(inner),
        _ => "oauth-failed",
    };

    /// <summary>The validated id_token's claims, read as the profile document (names from <see cref="ProfileClaims"/>).</summary>
    private static async Task CreateUserFromIdTokenAsync(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext context, OAuthSignInOptions settings)
    {
        var idToken = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage.IdToken
            ?? throw new InvalidOperationException("The provider sent no id_token.");
        using var document = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(idToken.Split('.')[1]));
        var profile = ExternalProfile.Parse(document.RootElement, settings.Claims)
            ?? throw new InvalidOperationException("The provider's id_token has no subject or user name JadeStudio can store (missing, or over 255 characters).");
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        var user = await users.RecordSignInAsync(settings.Provider, profile.Subject, profile.Name, [], profile, context.HttpContext.RequestAborted);
        context.Principal = UserClaims.For(user.Id, user.Name, CookieAuthenticationDefaults.AuthenticationScheme);
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
            ?? throw new InvalidOperationException("The provider's profile has no subject or user name JadeStudio can store (missing, or over 255 characters).");
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

    /// <summary>Replaces the handler's own User-Agent on every backchannel request.</summary>
    private sealed class OperatorUserAgent(string userAgent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
