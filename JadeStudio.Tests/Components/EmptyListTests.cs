using Bunit;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Campaigns;
using JadeStudio.Web.Components.Pages.Preferences;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>
/// A list with nothing in it says so, as MediaWiki's special pages do, instead of a table of headings over no rows;
/// once something exists the table shows and the sentence goes.
/// </summary>
public sealed class EmptyListTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task The_campaign_list_says_when_there_is_no_campaign()
    {
        var researcher = await _core.UserAsync("List Researcher", "researcher", "autoconfirmed");
        await using var context = new ComponentContext("he", _core);
        context.SignIn(researcher, "List Researcher");

        var empty = context.Render<CampaignList>();
        empty.WaitForAssertion(() => Assert.Equal("אין עדיין מבצעים.", empty.Find("[data-testid=campaigns-empty]").TextContent.Trim()));
        Assert.Empty(empty.FindAll("[data-testid=campaign-table]"));

        (await _core.Campaigns.CreateAsync(researcher, new CampaignDraft("enwiki", "First campaign", "editquality", CampaignView.Diff,
            1, 5, TimeSpan.FromDays(1), true, null, null))).OrThrow();
        var listed = context.Render<CampaignList>();
        listed.WaitForAssertion(() => Assert.Contains("First campaign", listed.Find("[data-testid=campaign-table]").TextContent, StringComparison.Ordinal));
        Assert.Empty(listed.FindAll("[data-testid=campaigns-empty]"));
    }

    [Fact]
    public async Task The_token_page_says_when_the_user_has_no_token()
    {
        var owner = await _core.UserAsync("Token Owner", "autoconfirmed");
        await using var context = new ComponentContext("de", _core);
        context.SignIn(owner, "Token Owner");

        var empty = context.Render<ApiTokens>();
        empty.WaitForAssertion(() => Assert.Equal("Du hast keine API-Tokens.", empty.Find("[data-testid=tokens-empty]").TextContent.Trim()));
        Assert.Empty(empty.FindAll("[data-testid=token-table]"));

        var tokens = context.Services.GetRequiredService<JadeStudio.Core.ApiTokens.ApiTokenService>();
        (await tokens.CreateForOperatorAsync("Token Owner", [Right.Judge], acceptTerms: true)).OrThrow();
        var listed = context.Render<ApiTokens>();
        listed.WaitForAssertion(() => Assert.Single(listed.FindAll("[data-testid=token-table] tbody tr")));
        Assert.Empty(listed.FindAll("[data-testid=tokens-empty]"));
    }
}
