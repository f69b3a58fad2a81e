using System.Net;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>The whole OAuth 2.0 flow through the real handler against a real (test) authorization server.</summary>
public sealed class OAuthSignInTests : IAsyncLifetime
{
    private FakeOAuthServer _provider = default!;
    private JadeWebFactory _app = default!;
    private HttpClient _browser = default!;

    public async Task InitializeAsync()
    {
        _provider = await FakeOAuthServer.StartAsync();
        _app = new JadeWebFactory("Development", _provider.AppSettings(timeoutSeconds: 2));
        _browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    /// <summary>Plays the browser: app → provider's authorize page → back to the app's callback.</summary>
    private async Task<Uri> AuthorizeAsync()
    {
        var challenge = await _browser.GetAsync("/auth/oauth-signin?returnUrl=%2Fwikis");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(_provider.BaseAddress.ToString(), authorize.ToString());
        Assert.Contains("code_challenge_method=S256", authorize.Query);

        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var consent = await provider.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        return consent.Headers.Location!;
    }

    private async Task<HttpResponseMessage> ReturnAsync(Uri callback) => await _browser.GetAsync(callback.PathAndQuery);

    private async Task<string?> SignedInNameAsync() =>
        (await JadeWebFactory.GetPageAsync(_browser, "/")).QuerySelector("[data-testid=signed-in-user]")?.TextContent;

    [Fact]
    public async Task A_user_signs_in_with_the_provider_and_is_identified_by_subject_not_name()
    {
        var back = await ReturnAsync(await AuthorizeAsync());

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/wikis", back.Headers.Location?.OriginalString);
        Assert.Equal("Example Reviewer", await SignedInNameAsync());
        await using var db = _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>().CreateDbContext();
        var user = db.Users.Single(u => u.Provider == "mediawiki");
        Assert.Equal("46618563", user.Subject);
        Assert.Equal(2741, user.WikiEditCount);
    }

    [Fact]
    public async Task The_app_tells_the_provider_who_runs_it_as_it_tells_the_wikis()
    {
        await ReturnAsync(await AuthorizeAsync());

        Assert.Equal(2, _provider.BackchannelUserAgents.Count);
        Assert.All(_provider.BackchannelUserAgents, agent => Assert.StartsWith("JadeStudio/1.0 (https://www.mediawiki.org/wiki/Jade) .NET/", agent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rights_come_from_the_wiki_rights_in_the_profile()
    {
        await ReturnAsync(await AuthorizeAsync());

        var page = await JadeWebFactory.GetPageAsync(_browser, "/preferences/rights");

        var setPreferred = page.QuerySelectorAll("[data-testid=rights-table] tbody tr").Single(r => r.TextContent.Contains("setpreferred"));
        Assert.Contains("your wiki rights: autopatrol, patrol, rollback", setPreferred.TextContent);
    }

    [Fact]
    public async Task A_tampered_state_is_refused_with_a_clear_message_and_nobody_is_signed_in()
    {
        var callback = await AuthorizeAsync();
        var tampered = new Uri(callback.ToString().Replace("state=", "state=X"));

        var back = await ReturnAsync(tampered);

        Assert.Equal("/signin?error=oauth-failed", back.Headers.Location?.OriginalString);
        Assert.Contains("could not be verified", JadeWebFactory.TextOf(await JadeWebFactory.GetPageAsync(_browser, "/signin?error=oauth-failed")));
        Assert.Null(await SignedInNameAsync());
    }

    [Fact]
    public async Task The_callback_works_once_only()
    {
        var callback = await AuthorizeAsync();
        await ReturnAsync(callback);
        await _browser.PostAsync("/auth/signout", null); // (antiforgery refuses it; the session cookie is dropped below)
        _browser.Dispose();
        _browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var replay = await ReturnAsync(callback);

        Assert.Equal("/signin?error=oauth-failed", replay.Headers.Location?.OriginalString);
        Assert.Null(await SignedInNameAsync());
    }

    [Fact]
    public async Task A_wrong_PKCE_verifier_is_refused_by_the_provider_and_sign_in_fails()
    {
        _provider.Tamper = code => code.Challenge = FakeOAuthServer.Challenge("a verifier the app never had");

        var back = await ReturnAsync(await AuthorizeAsync());

        Assert.Equal("/signin?error=oauth-failed", back.Headers.Location?.OriginalString);
        Assert.Equal(1, _provider.TokenRequests);
        Assert.Null(await SignedInNameAsync());
    }

    [Fact]
    public async Task A_user_who_denies_consent_gets_a_clear_message()
    {
        _provider.DenyConsent = true;

        var back = await ReturnAsync(await AuthorizeAsync());

        Assert.Equal("/signin?error=oauth-denied", back.Headers.Location?.OriginalString);
        var page = await JadeWebFactory.GetPageAsync(_browser, back.Headers.Location!.OriginalString);
        Assert.Contains("you did not allow JadeStudio", page.QuerySelector("[data-testid=signin-error]")?.TextContent);
    }

    [Fact]
    public async Task A_user_blocked_on_the_wiki_signs_in_but_cannot_write()
    {
        _provider.Profile["blocked"] = true;
        await ReturnAsync(await AuthorizeAsync());
        var user = await _app.Services.GetRequiredService<UserDirectory>().SearchAsync("Example Reviewer");

        var attempt = await _app.Services.GetRequiredService<JudgmentService>().ProposeOrEndorseAsync(ActorRef.User(user.Single().Id), CoreHarness.Propose(false, true));

        Assert.Equal("Example Reviewer", await SignedInNameAsync());
        Assert.Equal(BlockSource.Wiki, Assert.IsType<JadeError.Blocked>(attempt.Error).Block.Source);
    }

    [Fact]
    public async Task The_same_subject_with_a_new_name_is_the_same_user_renamed()
    {
        await ReturnAsync(await AuthorizeAsync());
        var before = (await _app.Services.GetRequiredService<UserDirectory>().SearchAsync("Example Reviewer")).Single();
        (await _app.Services.GetRequiredService<JudgmentService>().ProposeOrEndorseAsync(ActorRef.User(before.Id), CoreHarness.Propose(false, true))).OrThrow();

        _provider.Profile["username"] = "Renamed Reviewer";
        _browser.Dispose();
        _browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await ReturnAsync(await AuthorizeAsync());

        var after = (await _app.Services.GetRequiredService<UserDirectory>().SearchAsync("Renamed Reviewer")).Single();
        Assert.Equal(before.Id, after.Id);
        Assert.Equal("Renamed Reviewer", await SignedInNameAsync());
        var artifact = await JadeWebFactory.GetPageAsync(_browser, "/artifact/" + CoreHarness.Diff);
        Assert.Contains("Renamed Reviewer", artifact.QuerySelector("[data-testid=endorsement]")?.TextContent);
        Assert.DoesNotContain("Example Reviewer", JadeWebFactory.TextOf(artifact));
    }

    [Fact]
    public async Task A_provider_that_is_down_gives_a_clear_error_and_no_crash()
    {
        var callback = await AuthorizeAsync();
        await _provider.DisposeAsync();

        var back = await ReturnAsync(callback);

        Assert.Equal("/signin?error=oauth-unreachable", back.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_provider_that_is_too_slow_gives_a_clear_error()
    {
        _provider.TokenDelay = TimeSpan.FromSeconds(5);

        var back = await ReturnAsync(await AuthorizeAsync());

        Assert.Equal("/signin?error=oauth-unreachable", back.Headers.Location?.OriginalString);
        Assert.Contains("did not answer in time", JadeWebFactory.TextOf(await JadeWebFactory.GetPageAsync(_browser, "/signin?error=oauth-unreachable")));
    }
}
