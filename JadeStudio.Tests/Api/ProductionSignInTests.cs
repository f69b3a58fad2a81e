using System.Net;
using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JadeStudio.Tests.Api;

/// <summary>Outside Development the password-less sign-in is off unless explicitly enabled.</summary>
public sealed class ProductionSignInTests
{
    [Fact]
    public async Task In_production_the_sign_in_page_offers_no_development_accounts()
    {
        using var app = new JadeWebFactory("Production");

        var page = await JadeWebFactory.GetPageAsync(app.CreateClient(), "/signin");

        Assert.Null(page.QuerySelector("[data-testid^=signin-as-]"));
        Assert.NotNull(page.QuerySelector("[data-testid=no-signin-method]"));
    }

    [Fact]
    public async Task In_production_a_valid_development_sign_in_post_is_refused()
    {
        using var app = new JadeWebFactory("Production");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        // The page offers no form here, so mint a valid antiforgery pair the way the app would:
        // the refusal must come from the sign-in rule, not from a missing token.
        var antiforgery = app.Services.GetRequiredService<IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(new DefaultHttpContext { RequestServices = app.Services });
        var cookieName = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/development-signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [tokens.FormFieldName] = tokens.RequestToken!,
                ["account"] = "sysop",
            }),
        };
        request.Headers.Add("Cookie", $"{cookieName}={tokens.CookieToken}");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?error=development-disabled", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain(response.Headers, header => header.Key == "Set-Cookie" && header.Value.Any(v => v.StartsWith("jadestudio-session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_explicit_setting_enables_it_outside_development()
    {
        // Plain-http cookies for this test client; production's Secure cookies are checked below.
        using var app = new JadeWebFactory("Production", new Dictionary<string, string?> { ["JadeStudio:DevelopmentSignIn:Enabled"] = "true", ["JadeStudio:SecureCookies"] = "false" });
        var client = app.CreateBrowserLikeClient();

        await JadeWebFactory.SignInAsync(client, "sysop");
        var home = await JadeWebFactory.GetPageAsync(client, "/");

        Assert.Equal("Dev Sysop", home.QuerySelector("[data-testid=signed-in-user]")?.TextContent);
    }

    [Fact]
    public async Task In_production_the_session_cookie_is_HttpOnly_Lax_Secure_and_host_bound()
    {
        using var app = new JadeWebFactory("Production", new Dictionary<string, string?> { ["JadeStudio:DevelopmentSignIn:Enabled"] = "true" });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        var page = await JadeWebFactory.GetPageAsync(client, "/signin");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await client.PostAsync("/auth/development-signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["account"] = "reviewer" }));

        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.Contains("jadestudio-session"));
        Assert.StartsWith("__Host-jadestudio-session=", session);
        Assert.Contains("secure", session);
        Assert.Contains("httponly", session);
        Assert.Contains("samesite=lax", session);
        Assert.Contains("path=/", session);
        Assert.DoesNotContain("domain=", session);
    }
}
