using System.Net;
using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>Sign-in with any OpenID Connect provider, through ASP.NET Core's handler against a provider served by the test.</summary>
public sealed class OpenIdSignInTests : IAsyncLifetime
{
    private FakeOpenIdProvider _provider = default!;
    private JadeWebFactory _app = default!;
    private HttpClient _browser = default!;

    public async Task InitializeAsync()
    {
        _provider = await FakeOpenIdProvider.StartAsync();
        _app = new JadeWebFactory("Development", _provider.AppSettings());
        _browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    /// <summary>Plays the browser: app → provider's authorize endpoint → back to the app's callback; the app's answer.</summary>
    private async Task<HttpResponseMessage> SignInAsync()
    {
        var challenge = await _browser.GetAsync("/auth/oauth-signin?returnUrl=%2Fwikis");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(_provider.Issuer + "/authorize", authorize.ToString());
        Assert.Contains("code_challenge_method=S256", authorize.Query);
        Assert.Contains("nonce=", authorize.Query);
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = (await provider.GetAsync(authorize)).Headers.Location!;
        return await _browser.GetAsync(back.PathAndQuery);
    }

    private async Task<string?> SignedInNameAsync() =>
        (await JadeWebFactory.GetPageAsync(_browser, "/")).QuerySelector("[data-testid=signed-in-user]")?.TextContent;

    [Fact]
    public async Task A_user_signs_in_with_a_signed_id_token_and_is_known_by_its_subject()
    {
        var back = await SignInAsync();

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/wikis", back.Headers.Location?.OriginalString);
        Assert.Equal("Openid Reviewer", await SignedInNameAsync());
        await using var db = _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>().CreateDbContext();
        Assert.Equal("oidc-subject-77", db.Users.Single(u => u.Provider == "test-oidc").Subject);
    }

    [Theory]
    [InlineData(FakeOpenIdProvider.Flaw.UnknownKey, "not signed with any of its published keys")]
    [InlineData(FakeOpenIdProvider.Flaw.WrongAudience, "issued for another application")]
    [InlineData(FakeOpenIdProvider.Flaw.WrongNonce, "does not belong to this sign-in")]
    [InlineData(FakeOpenIdProvider.Flaw.Expired, "has expired")]
    public async Task A_flawed_id_token_is_refused_with_a_readable_message_and_nobody_is_signed_in(FakeOpenIdProvider.Flaw flaw, string message)
    {
        _provider.Next = flaw;

        var back = await SignInAsync();

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("/signin?error=oidc-", back.Headers.Location?.OriginalString);
        var page = await JadeWebFactory.GetPageAsync(_browser, back.Headers.Location!.OriginalString);
        Assert.Contains(message, page.QuerySelector("[data-testid=signin-error]")?.TextContent);
        Assert.Null(await SignedInNameAsync());
    }
}
