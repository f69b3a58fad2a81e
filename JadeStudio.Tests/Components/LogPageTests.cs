using Bunit;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Logs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>Special:Log as one page: every log the viewer may read, one log by its address, by performer.</summary>
public sealed class LogPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _sysop = default!;
    private ActorRef _researcher = default!;

    public async Task InitializeAsync()
    {
        _sysop = await _core.UserAsync("Sysop", "sysop");
        _researcher = await _core.UserAsync("Researcher", "researcher");
        var vandal = await _core.UserAsync("Vandal");
        (await _core.Blocks.BlockAsync(_sysop, new BlockRequest(vandal.UserId!.Value, true, [], [], [], null, "vandalism"))).OrThrow();
        await _core.CampaignAsync(_researcher, name: "Spring labels");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static IRenderedComponent<LogPage> Open(ComponentContext context, string address, string? kind = null)
    {
        context.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return context.Render<LogPage>(p => p.Add(x => x.Kind, kind));
    }

    [Fact]
    public async Task All_logs_then_one_log_by_its_address_and_by_performer()
    {
        await using var context = new ComponentContext("en", _core);

        var all = Open(context, "log");
        all.WaitForAssertion(() => Assert.Equal(["campaign", "block"], all.FindAll("[data-testid=log-entry]").Select(e => e.GetAttribute("data-log"))));
        Assert.Contains("vandalism", all.Find("[data-testid=log-entry][data-log=block]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(all.Find("[data-testid=log-campaign]").GetAttribute("href"));

        var blocks = Open(context, "log/block", "block");
        blocks.WaitForAssertion(() => Assert.Equal(["block"], blocks.FindAll("[data-testid=log-entry]").Select(e => e.GetAttribute("data-log"))));
        Assert.Equal("Block log", blocks.Find("h1").TextContent);

        var byResearcher = Open(context, "log?user=Researcher");
        byResearcher.WaitForAssertion(() => Assert.Equal(["campaign"], byResearcher.FindAll("[data-testid=log-entry]").Select(e => e.GetAttribute("data-log"))));
    }

    [Fact]
    public async Task An_unknown_log_is_not_found_and_a_log_without_its_right_is_refused()
    {
        await using var context = new ComponentContext("de", _core);

        Assert.NotEmpty(Open(context, "log/patrol", "patrol").FindAll("[data-testid=not-found]"));
        var refused = Open(context, "log/suppression", "suppression");
        refused.WaitForAssertion(() => Assert.Contains("suppressionlog", refused.Find("[data-testid=log-denied]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Unterdrückungs-Logbuch", refused.Find("h1").TextContent);
    }
}
