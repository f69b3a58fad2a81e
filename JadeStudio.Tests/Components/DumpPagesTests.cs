using Bunit;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Dumps;
using JadeStudio.Web.Components.Pages.Preferences;
using JadeStudio.Web.Components.Pages.Queries;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>The dumps page, the redaction terms (on their page and before a token), and the query page.</summary>
public sealed class DumpPagesTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _author = default!;
    private ActorRef _oversighter = default!;
    private long _proposal;

    public async Task InitializeAsync()
    {
        _author = await _core.UserAsync("Page Author", "autoconfirmed");
        _oversighter = await _core.UserAsync("Page Oversighter", "oversight");
        _proposal = (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(true, false, notes: "some notes"))).OrThrow().ProposalId!.Value;
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Readers_see_public_dumps_with_their_files_and_only_holders_of_viewprivatedumps_see_full_ones()
    {
        var publicDump = await _core.Dumps.WriteAsync(DumpKind.Public);
        var fullDump = await _core.Dumps.WriteAsync(DumpKind.Full);
        await using var context = new ComponentContext("en", _core);

        var page = context.Render<DumpsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=dump-row]")));
        var row = page.Find("[data-testid=dump-row]");
        Assert.Equal(publicDump.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetAttribute("data-dump"));
        Assert.Equal("Ready", row.QuerySelector("[data-testid=dump-state]")!.TextContent);
        Assert.Contains(page.FindAll("[data-testid=dump-file]"), link => link.GetAttribute("href") == $"dumps/{publicDump.Id}/files/proposals.parquet");
        Assert.Empty(page.FindAll("[data-testid=dumps-request]"));

        context.SignIn(_oversighter, "Page Oversighter");
        var oversighter = context.Render<DumpsPage>();
        oversighter.WaitForAssertion(() => Assert.Equal(2, oversighter.FindAll("[data-testid=dump-row]").Count));
        Assert.Contains(oversighter.FindAll("[data-testid=dump-file]"), link => link.GetAttribute("href") == $"dumps/{fullDump.Id}/files/events.jsonl.gz");
        Assert.DoesNotContain(oversighter.FindAll("[data-testid=dump-file]"), link => link.GetAttribute("href") == $"dumps/{fullDump.Id}/files/redactions.jsonl.gz");
        Assert.NotNull(oversighter.Find("[data-testid=dumps-request]"));
    }

    [Fact]
    public async Task A_dump_awaiting_its_rewrite_says_so_and_offers_no_files()
    {
        await _core.Dumps.WriteAsync(DumpKind.Public);
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Proposal, _proposal), HideableField.Text, FieldVisibility.Deleted, "test"))).OrThrow();
        await using var context = new ComponentContext("de", _core);

        var page = context.Render<DumpsPage>();

        page.WaitForAssertion(() => Assert.StartsWith("Nicht verfügbar", page.Find("[data-testid=dump-state]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=dump-file]"));
    }

    [Fact]
    public async Task A_holder_of_viewprivatedumps_writes_dumps_now_and_watches_them_appear()
    {
        await using var context = new ComponentContext("en", _core);
        var scheduler = await context.StartJobsAsync();
        try
        {
            context.SignIn(_oversighter, "Page Oversighter");
            var page = context.Render<DumpsPage>();
            page.WaitForElement("[data-testid=dumps-empty]");

            page.Find("[data-testid=dumps-request]").Click();

            page.WaitForAssertion(() => Assert.Contains("being written", page.Find("[data-testid=dumps-message]").TextContent, StringComparison.Ordinal));
            page.WaitForAssertion(() => Assert.Equal(["Ready", "Ready"], page.FindAll("[data-testid=dump-state]").Select(s => s.TextContent)), TimeSpan.FromSeconds(60));
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }

    [Fact]
    public async Task The_terms_page_records_acceptance_and_asks_visitors_to_sign_in()
    {
        await using var context = new ComponentContext("en", _core);

        Assert.NotNull(context.Render<RedactionTermsPage>().WaitForElement("[data-testid=terms-signin]"));

        context.SignIn(_author, "Page Author");
        var page = context.Render<RedactionTermsPage>();
        page.WaitForElement("[data-testid=terms-accept]").Click();

        page.WaitForAssertion(() => Assert.Contains("You accepted the redaction terms", page.Find("[data-testid=terms-accepted]").TextContent, StringComparison.Ordinal));
        Assert.NotNull(await _core.Terms.AcceptedAtAsync(_author.UserId!.Value));
    }

    [Fact]
    public async Task A_token_can_be_created_only_after_its_owner_accepts_the_terms_on_the_tokens_page()
    {
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_author, "Page Author");

        var page = context.Render<ApiTokens>();
        page.WaitForElement("[data-testid=terms-needed]");
        Assert.True(page.Find("[data-testid=token-create]").HasAttribute("disabled"));

        page.Find("[data-testid=terms-accept]").Click();

        page.WaitForElement("[data-testid=terms-accepted]");
        Assert.False(page.Find("[data-testid=token-create]").HasAttribute("disabled"));
        page.Find("[data-testid=token-name]").Input("after the terms");
        page.FindAll("[data-testid=token-rights] input")[0].Change(true);
        page.Find("[data-testid=token-create]").Click();
        page.WaitForAssertion(() => Assert.StartsWith("jade_", page.Find("[data-testid=token-secret]").GetAttribute("value"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_query_page_runs_an_example_shows_refusals_and_downloads_what_it_shows()
    {
        await _core.Dumps.WriteAsync(DumpKind.Public);
        await using var context = new ComponentContext("en", _core);
        var page = context.Render<QueryPage>();
        page.WaitForElement("[data-testid=query-dump]");

        page.Find("[data-testid=query-sql]").Input("COPY proposals TO 'stolen.csv'");
        page.Find("[data-testid=query-run]").Click();
        page.WaitForAssertion(() => Assert.Contains("Only a SELECT statement", page.Find("[data-testid=query-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(3));

        page.Find("[data-testid=query-sql]").Blur();
        page.Find("[data-testid=query-example-reviewer-activity]").Click();
        page.Find("[data-testid=query-run]").Click();
        page.WaitForAssertion(() => Assert.Equal(["reviewer", "month", "judgments"], page.FindAll("[data-testid=query-result] th").Select(h => h.TextContent)));
        Assert.Equal("Page Author", page.Find("[data-testid=query-result] tbody td").TextContent);
        // The count lines up at its end with its header, the name and the month at their start.
        Assert.Equal([false, false, true], page.FindAll("[data-testid=query-result] th").Select(h => h.ClassList.Contains("jade-number")));
        Assert.Equal([false, false, true], page.FindAll("[data-testid=query-result] tbody tr:first-child td").Select(d => d.ClassList.Contains("jade-number")));
        Assert.Empty(page.FindAll("[data-testid=query-error]"));

        page.Find("[data-testid=query-csv]").Click();
        page.WaitForAssertion(() => Assert.Single(context.JSInterop.Invocations, i => i.Identifier == "jadeStudio.download"));
        var download = context.JSInterop.Invocations.Single(i => i.Identifier == "jadeStudio.download");
        Assert.Equal("text/csv", download.Arguments[1]);
        Assert.StartsWith("reviewer,month,judgments", (string)download.Arguments[2]!, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=query-save]"));
    }

    [Fact]
    public async Task A_saved_query_has_a_permalink_that_shows_its_author_and_runs_it()
    {
        var dump = await _core.Dumps.WriteAsync(DumpKind.Public);
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_author, "Page Author");
        var page = context.Render<QueryPage>();
        page.WaitForElement("[data-testid=query-dump]");
        page.Find("[data-testid=query-sql]").Input("SELECT count(*) AS judgments FROM proposals");
        page.Find("[data-testid=query-title]").Input("How many judgments");

        page.Find("[data-testid=query-save]").Click();

        var navigation = context.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/query/[0-9]+$", navigation.Uri + string.Concat(page.FindAll("[data-testid=query-error]").Select(e => e.TextContent))));
        var address = navigation.Uri;
        var id = long.Parse(address[(address.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var saved = (await _core.SavedQueries.FindAsync(id, await _core.ViewerAsync(ActorRef.Anonymous)))!;
        Assert.Equal(dump.Id, saved.Query.DumpId);

        await using var visitor = new ComponentContext("en", _core);
        var permalink = visitor.Render<QueryPage>(p => p.Add(x => x.Id, id));
        permalink.WaitForAssertion(() => Assert.Equal("1", permalink.Find("[data-testid=query-result] tbody td").TextContent));
        Assert.Equal("How many judgments", permalink.Find("h1").TextContent);
        Assert.Contains("Page Author", permalink.Find("[data-testid=query-saved-by]").TextContent, StringComparison.Ordinal);
    }
}
