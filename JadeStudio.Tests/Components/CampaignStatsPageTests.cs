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

    [Fact]
    public async Task A_campaign_without_labels_says_so_instead_of_an_empty_chart_and_table()
    {
        var campaign = await _core.CampaignAsync(await _core.UserAsync("Researcher", "researcher"), name: "Winter");
        await using var context = new ComponentContext("en", _core);

        var page = context.Render<CampaignStatsPage>(p => p.Add(x => x.Id, campaign));
        page.WaitForElement("[data-testid=stats-counts]");

        Assert.Equal("No labels yet.", page.Find("[data-testid=stats-nolabels]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=stats-chart]"));
        Assert.Equal("No one has labeled or skipped a task yet.", page.Find("[data-testid=stats-nousers]").TextContent);
    }

    [Fact]
    public async Task Labels_per_day_count_the_quiet_days_between_as_zero_in_the_viewers_language()
    {
        var researcher = await _core.UserAsync("Researcher", "researcher");
        var campaign = await _core.CampaignAsync(researcher, labelsPerTask: 2, tasksPerWorkset: 1);
        (await _core.UploadAsync(researcher, campaign, "7001\n", "ids.txt")).OrThrow();
        await LabelFirstTaskAsync(await _core.UserAsync("Alice"), campaign);
        _core.Clock.Now += TimeSpan.FromDays(3);
        await LabelFirstTaskAsync(await _core.UserAsync("Bob"), campaign);
        await using var context = new ComponentContext("de", _core);

        var page = context.Render<CampaignStatsPage>(p => p.Add(x => x.Id, campaign));
        page.WaitForElement("[data-testid=stats-chart] svg");

        Assert.Equal("Kennzeichnungen pro Tag", page.Find("[data-testid=stats-chart]").GetAttribute("aria-label"));
        var rows = page.FindAll("[data-testid=stats-chart-table] tbody tr").Select(r => r.Children.Select(cell => cell.TextContent).ToArray()).ToList();
        Assert.Equal([["20.11.2026", "1"], ["21.11.2026", "0"], ["22.11.2026", "0"], ["23.11.2026", "1"]], rows);
        Assert.Equal("Tag", page.Find("[data-testid=stats-chart-table] thead th").TextContent);
    }

    private async Task LabelFirstTaskAsync(JadeStudio.Core.Permissions.ActorRef labeler, long campaign)
    {
        var workset = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
        await using var db = _core.Database.CreateDbContext();
        var task = db.Assignments.Where(a => a.WorksetId == workset).Select(a => a.TaskId).Single();
        (await _core.Campaigns.SaveLabelAsync(labeler, workset, task, new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();
    }
}
