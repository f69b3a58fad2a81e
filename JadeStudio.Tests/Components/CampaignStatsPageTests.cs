using Bunit;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Campaigns;

namespace JadeStudio.Tests.Components;

public sealed class CampaignStatsPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task A_campaigns_statistics_do_not_say_not_found_while_they_load_and_an_unknown_campaign_does()
    {
        var campaign = await _core.CampaignAsync(await _core.UserAsync("Researcher", "researcher"), name: "Winter");
        await using var context = new ComponentContext("en", _core);
        // The viewer's sign-in state is still being read: the statistics are not loaded yet.
        context.Authorization.SetAuthorizing();

        var page = context.Render<CampaignStatsPage>(p => p.Add(x => x.Id, campaign));
        var unknown = context.Render<CampaignStatsPage>(p => p.Add(x => x.Id, campaign + 1000));
        var whileLoading = page.FindAll("[data-testid=not-found]").Count + unknown.FindAll("[data-testid=not-found]").Count;
        context.Authorization.SetNotAuthorized();

        page.WaitForElement("[data-testid=stats-counts]");
        unknown.WaitForElement("[data-testid=not-found]");
        Assert.Equal(0, whileLoading);
        Assert.Empty(page.FindAll("[data-testid=not-found]"));
    }

    [Fact]
    public async Task Going_from_an_unknown_campaigns_statistics_to_a_known_ones_does_not_say_not_found_while_they_load()
    {
        var campaign = await _core.CampaignAsync(await _core.UserAsync("Researcher", "researcher"), name: "Winter");
        await using var context = new ComponentContext("en", _core);
        var page = context.Render<CampaignStatsPage>(p => p.Add(x => x.Id, campaign + 1000));
        page.WaitForElement("[data-testid=not-found]");

        context.Authorization.SetAuthorizing();
        page.Render(p => p.Add(x => x.Id, campaign));
        var whileLoading = page.FindAll("[data-testid=not-found]").Count;
        context.Authorization.SetNotAuthorized();

        page.WaitForElement("[data-testid=stats-counts]");
        Assert.Equal(0, whileLoading);
        Assert.Empty(page.FindAll("[data-testid=not-found]"));
    }
}
