using Bunit;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Wikis;

namespace JadeStudio.Tests.Components;

public sealed class ActivityPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Shows_the_numbers_the_charts_and_the_campaigns_in_the_viewers_language()
    {
        var reviewer = await _core.UserAsync("Reviewer");
        for (var rev = 1; rev <= 1200; rev += 100)
        {
            (await _core.Judgments.ProposeOrEndorseAsync(reviewer, CoreHarness.Propose(true, false, artifact: new JadeStudio.Core.Artifacts.ArtifactKey("enwiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, rev)))).OrThrow();
        }
        await _core.CampaignAsync(await _core.UserAsync("Researcher", "researcher"), wiki: "enwiki", name: "Winter");
        await using var context = new ComponentContext("de", _core);

        var page = context.Render<ActivityPage>(p => p.Add(x => x.Wiki, "enwiki"));
        page.WaitForElement("[data-testid=activity-judgments]");

        Assert.Equal("Aktivität auf enwiki", page.Find("h1").TextContent);
        Assert.Equal("12", page.Find("[data-testid=activity-judgments] .jade-stat-value").TextContent);
        Assert.NotEmpty(page.FindAll("[data-testid=activity-days-chart] svg"));
        // The chart's numbers as a table: a row per day, the last today's (the harness's clock), in German form.
        var days = page.FindAll("[data-testid=activity-days-chart-table] tbody tr");
        Assert.Equal(30, days.Count);
        Assert.Equal("20.11.2026", days[^1].QuerySelector("th")!.TextContent);
        Assert.Equal("12", days[^1].QuerySelector("td")!.TextContent);
        Assert.Equal(["Tag", "Urteile", "Aktive Prüfer", "Konkurrierende Urteile"], page.FindAll("[data-testid=activity-days-chart-table] thead th").Select(h => h.TextContent));
        Assert.Equal("November 2026", page.FindAll("[data-testid=activity-suppressions-chart-table] tbody th")[^1].TextContent);
        Assert.Contains("Winter", page.Find("[data-testid=activity-campaigns]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Diesen Monat: 0 Unterdrückungen bei einem Prüfbudget von 25", page.Find("[data-testid=activity-budget]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_wiki_is_not_found()
    {
        await using var context = new ComponentContext("en", _core);

        var page = context.Render<ActivityPage>(p => p.Add(x => x.Wiki, "nowiki"));

        Assert.NotEmpty(page.FindAll("[data-testid=not-found]"));
    }
}
