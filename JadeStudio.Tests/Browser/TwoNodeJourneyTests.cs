using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>Two app processes on one PostgreSQL database, as two nodes behind a load balancer; the browser talks to each directly.</summary>
public sealed class TwoNodeBrowserFixture : BrowserFixture
{
    /// <summary>The second node (the fixture's <see cref="BrowserFixture.App"/> is the first).</summary>
    public AppProcess NodeB { get; private set; } = default!;

    protected override async Task<AppProcess> StartAppAsync()
    {
        var nodeA = await AppProcess.StartAsync(new Dictionary<string, string> { ["JadeStudio__DemoData__Enabled"] = "false" }, store: DatabaseProvider.PostgreSql);
        NodeB = await AppProcess.StartAsync(new Dictionary<string, string>(nodeA.SharedDatabaseSettings) { ["JadeStudio__DemoData__Enabled"] = "false" });
        return nodeA;
    }

    public override async Task DisposeAsync()
    {
        await NodeB.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>What a reviewer does on one node shows on another reviewer's open page served by the other node, without a reload.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Store", "PostgreSql")]
public sealed class TwoNodeJourneyTests(TwoNodeBrowserFixture browser) : IClassFixture<TwoNodeBrowserFixture>
{
    [Fact]
    public async Task A_judgment_and_a_thread_made_on_node_A_appear_on_node_Bs_open_page()
    {
        const string artifact = "/artifact/enwiki/diff/4400117";
        var onB = await browser.SignedInAsync("sysop", artifact, address: browser.NodeB.BaseAddress);
        await Expect(onB.GetByTestId("discussions")).ToContainTextAsync("No discussions yet.");
        var onA = await browser.SignedInAsync("reviewer", artifact);

        var form = onA.GetByTestId("facet-editquality").GetByTestId("propose-form");
        await form.GetByTestId("answer-damaging").GetByText("Yes, damaging").ClickAsync();
        await form.GetByTestId("answer-goodfaith").GetByText("Bad faith", new() { Exact = true }).ClickAsync();
        await form.GetByTestId("propose-notes").FillAsync("Vandalism in the infobox.");
        await form.GetByTestId("propose-submit").ClickAsync();
        await Expect(form.GetByTestId("propose-message")).ToContainTextAsync("Your judgment was saved.");
        await BrowserFixture.StartThreadAsync(onA, "Revert needed?", "The infobox was blanked.");

        var proposal = onB.GetByTestId("proposal").First;
        await Expect(proposal).ToContainTextAsync("Vandalism in the infobox.");
        await Expect(proposal.GetByTestId("endorsement")).ToContainTextAsync("Dev Reviewer");
        await Expect(onB.GetByTestId("thread").Filter(new() { HasText = "Revert needed?" }).GetByTestId("comment")).ToContainTextAsync("The infobox was blanked.");

        await onA.Context.CloseAsync();
        await onB.Context.CloseAsync();
    }
}
