using Bunit;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Campaigns;

namespace JadeStudio.Tests.Components;

/// <summary>A campaign's page lists the viewer's worksets in it, as Wiki Labels did under each campaign.</summary>
public sealed class CampaignPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task The_viewers_worksets_are_listed_newest_first_with_their_state_and_each_opens_its_labels()
    {
        var researcher = await _core.UserAsync("Researcher", "researcher");
        var campaign = await _core.CampaignAsync(researcher, tasksPerWorkset: 1, name: "Winter");
        (await _core.UploadAsync(researcher, campaign, string.Join("\n", Enumerable.Range(7001, 14)), "ids.txt")).OrThrow();
        // Someone else's workset is not listed.
        (await _core.Campaigns.RequestWorksetAsync(await _core.UserAsync("Someone Else"), campaign)).OrThrow();
        var labeler = await _core.UserAsync("List Labeler");
        var answers = new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" };
        async Task<long> LabeledWorksetAsync()
        {
            var workset = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
            var task = (await _core.CampaignQueries.WorksetAsync(workset, labeler.UserId!.Value))!.Items.Single().TaskId;
            (await _core.Campaigns.SaveLabelAsync(labeler, workset, task, answers)).OrThrow();
            return workset;
        }
        // Ten done long ago (expired since), one done today, one given back, one open.
        for (var i = 0; i < 10; i++)
        {
            await LabeledWorksetAsync();
        }
        _core.Clock.Now += TimeSpan.FromDays(2);
        var changeable = await LabeledWorksetAsync();
        var givenBack = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
        (await _core.Campaigns.AbandonAsync(labeler, givenBack)).OrThrow();
        var open = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
        await using var context = new ComponentContext("en", _core);
        context.SignIn(labeler, "List Labeler");

        var page = context.Render<CampaignPage>(p => p.Add(x => x.Id, campaign));
        page.WaitForElement("[data-testid=campaign-worksets]");

        var rows = page.FindAll("[data-testid=campaign-workset]");
        Assert.Equal(10, rows.Count);
        Assert.Equal(["Workset 13", "Workset 12", "Workset 11", "Workset 10"], rows.Take(4).Select(r => r.QuerySelector("a")!.TextContent));
        var states = page.FindAll("[data-testid=campaign-workset-state]").Select(s => s.TextContent).ToList();
        Assert.StartsWith("Open until 11/23/2026", states[0], StringComparison.Ordinal);
        Assert.Equal("Given back", states[1]);
        Assert.StartsWith("Done; labels can be changed until 11/23/2026", states[2], StringComparison.Ordinal);
        Assert.Equal("Done", states[3]);
        Assert.Contains("0 of 1 labeled", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("1 of 1 labeled", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Equal([$"campaigns/{campaign}/label?workset={open}", $"campaigns/{campaign}/label?workset={givenBack}", $"campaigns/{campaign}/label?workset={changeable}"],
            rows.Take(3).Select(r => r.QuerySelector("a")!.GetAttribute("href")));

        // The three oldest on asking.
        page.Find("[data-testid=campaign-worksets-more]").Click();
        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("[data-testid=campaign-workset]").Count));
        Assert.Equal("Workset 1", page.FindAll("[data-testid=campaign-workset] a")[^1].TextContent);
        Assert.Empty(page.FindAll("[data-testid=campaign-worksets-more]"));
    }
}
