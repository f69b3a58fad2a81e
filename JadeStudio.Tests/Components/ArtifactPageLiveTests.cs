using Bunit;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Artifacts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>An open artifact page follows what its viewer may see: what is hidden meanwhile leaves it without a reload.</summary>
public sealed class ArtifactPageLiveTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _bob = default!;
    private ActorRef _oversighter = default!;

    public async Task InitializeAsync()
    {
        var alice = await _core.UserAsync("Alice Reviewer");
        _bob = await _core.UserAsync("Bob Commenter");
        _oversighter = await _core.UserAsync("Oversighter", "oversight");
        (await _core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(true, false, notes: "obvious vandalism"))).OrThrow();
        (await _core.Discussions.StartThreadAsync(_bob, new NewThread(CoreHarness.Diff, "Really?", "I am not sure"))).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    /// <summary>The harness's edit's page, at its own address (as a reader opens it).</summary>
    internal static IRenderedComponent<ArtifactPage> Open(ComponentContext context)
    {
        var key = CoreHarness.Diff;
        context.Services.GetRequiredService<NavigationManager>().NavigateTo($"artifact/{key}");
        return context.Render<ArtifactPage>(p => p
            .Add(x => x.Wiki, key.Wiki)
            .Add(x => x.Type, "diff")
            .Add(x => x.RevId, key.RevId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_name_hidden_by_a_block_leaves_an_open_page_though_the_block_names_no_artifact()
    {
        await using var context = new ComponentContext("en", _core);
        var page = Open(context);
        page.WaitForAssertion(() => Assert.Contains("Bob Commenter", page.Markup, StringComparison.Ordinal));

        (await _core.Blocks.BlockAsync(_oversighter, new BlockRequest(_bob.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();

        page.WaitForAssertion(() => Assert.DoesNotContain("Bob Commenter", page.Markup, StringComparison.Ordinal));
        Assert.Contains("I am not sure", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_text_leaves_an_open_page_when_its_viewer_loses_the_right_to_see_it()
    {
        var sysop = await _core.UserAsync("Page Sysop", "sysop");
        var bureaucrat = await _core.UserAsync("Bureaucrat", "bureaucrat");
        long proposal;
        await using (var db = _core.Database.CreateDbContext())
        {
            proposal = db.Proposals.Single().Id;
        }
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Proposal, proposal), HideableField.Text, FieldVisibility.Deleted, "personal data"))).OrThrow();
        await using var context = new ComponentContext("en", _core);
        context.SignIn(sysop, "Page Sysop");
        var page = Open(context);
        page.WaitForAssertion(() => Assert.Contains("obvious vandalism", page.Markup, StringComparison.Ordinal));

        (await _core.Groups.RemoveAsync(bureaucrat, sysop.UserId!.Value, "sysop", "no longer active")).OrThrow();

        page.WaitForAssertion(() => Assert.DoesNotContain("obvious vandalism", page.Markup, StringComparison.Ordinal));
    }

    /// <summary>A score service that gives every revision a probability of 0.&lt;its id's last two digits&gt; of being true.</summary>
    private sealed class ScriptedScores : JadeStudio.Core.Scores.IScoreSource
    {
        public System.Collections.Concurrent.ConcurrentQueue<long> Asked { get; } = new();

        public string Name => "liftwing";

        public Task<IReadOnlyList<JadeStudio.Core.Scores.ScoreResult>> FetchAsync(string wiki, string model, IReadOnlyList<long> revIds, CancellationToken cancellationToken)
        {
            foreach (var id in revIds)
            {
                Asked.Enqueue(id);
            }
            return Task.FromResult<IReadOnlyList<JadeStudio.Core.Scores.ScoreResult>>([.. revIds.Select(id => new JadeStudio.Core.Scores.ScoreResult(wiki, model, "1.0.0", id, "true",
                new Dictionary<string, double> { ["true"] = id % 100 / 100.0, ["false"] = 1 - id % 100 / 100.0 }, null, null))]);
        }
    }

    [Fact]
    public async Task Another_artifact_opened_from_the_page_shows_its_own_scores_fetched_for_it()
    {
        var source = new ScriptedScores();
        await using var context = new ComponentContext("en", _core);
        context.Services.AddSingleton(new JadeStudio.Core.Scores.ScoreService(_core.Writer, _core.Database, new JadeStudio.Core.Scores.ModelCatalog(), _core.Wikis, _core.Judgments, _core.Actors,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<JadeStudio.Core.Scores.ScoreService>.Instance, source));
        var page = Open(context);
        page.WaitForAssertion(() => Assert.Contains(CoreHarness.Diff.RevId, source.Asked));

        // A link in a comment, or the browser's back button, opens another artifact in the same page.
        var other = CoreHarness.Diff.RevId + 17;
        page.Render(p => p.Add(x => x.RevId, other.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        page.WaitForAssertion(() => Assert.Contains(other, source.Asked));
        page.WaitForAssertion(() => Assert.Contains(other.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("h1").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("obvious vandalism", page.Markup, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains("83.0%", page.Find("[data-testid=score-prediction]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_artifact_opened_from_the_page_gets_empty_forms_not_what_was_typed_for_the_last_one()
    {
        var judge = await _core.UserAsync("Form Judge");
        await using var context = new ComponentContext("en", _core);
        context.SignIn(judge, "Form Judge");
        var page = Open(context);
        var notes = page.WaitForElement("[data-testid=propose-notes] textarea, textarea[data-testid=propose-notes]");
        await notes.InputAsync(new ChangeEventArgs { Value = "typed for the first edit" });
        await page.Find("[data-testid=thread-title] input, input[data-testid=thread-title]").InputAsync(new ChangeEventArgs { Value = "a thread about the first edit" });

        var other = CoreHarness.Diff.RevId + 5;
        page.Render(p => p.Add(x => x.RevId, other.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        page.WaitForAssertion(() => Assert.Contains(other.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("h1").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("typed for the first edit", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("a thread about the first edit", page.Markup, StringComparison.Ordinal);
    }
}
