using Bunit;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Patrol;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Wikis;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

public sealed class WikiListTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static string JudgedOn(IRenderedComponent<WikiList> list, string wiki) =>
        list.Find($"[data-testid=wiki-table] a[href='wikis/{wiki}/artifacts?filter=judged']").TextContent.Trim();

    [Fact]
    public async Task The_counts_say_when_they_were_made_while_judgments_made_since_wait_for_the_next_count()
    {
        var alice = await _core.UserAsync("Wikis Alice");
        (await _core.Judgments.CreateAndEndorseAsync(alice, CoreHarness.Propose(false, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 1)))).OrThrow();
        await using var context = new ComponentContext("en", _core);
        context.Services.AddSingleton(new PatrolQueue(_core.Writer, _core.Actors, _core.Database, new PatrolOptions(), _core.Wikis, _core.Clock));

        var first = context.Render<WikiList>();
        first.WaitForAssertion(() => Assert.Equal("1", JudgedOn(first, "enwiki")));
        Assert.Empty(first.FindAll("[data-testid=wiki-counts-age]"));

        _core.Clock.Now += TimeSpan.FromSeconds(5);
        (await _core.Judgments.CreateAndEndorseAsync(alice, CoreHarness.Propose(false, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, 2)))).OrThrow();
        var soon = context.Render<WikiList>();
        soon.WaitForAssertion(() => Assert.StartsWith("Counted 5 seconds ago", soon.Find("[data-testid=wiki-counts-age]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Equal("1", JudgedOn(soon, "enwiki"));

        _core.Clock.Now += TimeSpan.FromSeconds(25);
        var later = context.Render<WikiList>();
        later.WaitForAssertion(() => Assert.Equal("2", JudgedOn(later, "enwiki")));
        Assert.Empty(later.FindAll("[data-testid=wiki-counts-age]"));
    }
}
