using Bunit;
using JadeStudio.Core.Artifacts;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Layout;

namespace JadeStudio.Tests.Components;

public sealed class NavMenuTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    /// <summary>Like MediaWiki's notification badge: a count, and "99+" once there are more than it is worth counting.</summary>
    [Theory]
    [InlineData(2, "Watchlist (2)")]
    [InlineData(99, "Watchlist (99)")]
    [InlineData(100, "Watchlist (99+)")]
    public async Task The_watchlist_link_counts_unread_changes_up_to_99_plus(int changes, string shown)
    {
        var bob = await _core.UserAsync("Menu Bob");
        var alice = await _core.UserAsync("Menu Alice");
        for (var i = 0; i < changes; i++)
        {
            var artifact = new ArtifactKey("enwiki", ArtifactType.Diff, 990_000 + i);
            (await _core.Judgments.CreateAndEndorseAsync(bob, CoreHarness.Propose(true, false, artifact: artifact))).OrThrow();
            (await _core.Judgments.CreateAndEndorseAsync(alice, CoreHarness.Propose(false, true, artifact: artifact))).OrThrow();
        }
        await using var context = new ComponentContext("en", _core);
        context.SignIn(bob, "Menu Bob");

        var menu = context.Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.Equal(shown, menu.Find("[data-testid=nav-watchlist]").TextContent.Trim()));
    }
}
