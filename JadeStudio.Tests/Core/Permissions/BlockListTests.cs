using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Permissions;

public sealed class BlockListTests
{
    [Fact]
    public async Task The_block_list_shows_blocks_in_force_newest_first_and_not_lifted_or_expired_ones()
    {
        await using var core = new CoreHarness();
        var list = new BlockQueries(core.Database, core.Clock);
        var admin = await core.UserAsync("Admin", "sysop");
        var (a, b, c) = (await core.UserAsync("A"), await core.UserAsync("B"), await core.UserAsync("C"));
        var lifted = (await core.Blocks.BlockAsync(admin, new BlockRequest(a.UserId!.Value, true, [], [], [], null, "lifted later"))).OrThrow();
        core.Clock.Now += TimeSpan.FromMinutes(1);
        (await core.Blocks.BlockAsync(admin, new BlockRequest(b.UserId!.Value, true, [], [], [], core.Clock.Now + TimeSpan.FromHours(1), "expires"))).OrThrow();
        core.Clock.Now += TimeSpan.FromMinutes(1);
        (await core.Blocks.BlockAsync(admin, new BlockRequest(c.UserId!.Value, false, ["enwiki"], [], [BlockAction.Comment], null, "partial"))).OrThrow();
        (await core.Blocks.UnblockAsync(admin, lifted.Id, "appeal accepted")).OrThrow();

        var now = await list.ActiveAsync(await core.ViewerAsync(ActorRef.Anonymous));
        core.Clock.Now += TimeSpan.FromHours(2);
        var later = await list.ActiveAsync(await core.ViewerAsync(ActorRef.Anonymous));

        Assert.Equal(["C", "B"], now.Select(x => x.User.Name));
        Assert.All(now, x => Assert.Equal("Admin", x.BlockedBy.Name));
        Assert.Equal([BlockAction.Comment], now[0].Details.Actions);
        Assert.Equal(["C"], later.Select(x => x.User.Name));
    }

    /// <summary>An expiry written with an offset is the instant it names: stored as it was, 10:00+14:00 ended 14 hours after 20:00 UTC.</summary>
    [Fact]
    public async Task A_block_whose_expiry_is_written_with_an_offset_ends_at_that_instant_and_no_later()
    {
        await using var core = new CoreHarness();
        var list = new BlockQueries(core.Database, core.Clock);
        var admin = await core.UserAsync("Admin", "sysop");
        var blocked = await core.UserAsync("Blocked", "autoconfirmed");
        // Eight hours from now in UTC, written in UTC+14 (the next day's date on the clock).
        var expiry = (core.Clock.Now + TimeSpan.FromHours(8)).ToOffset(TimeSpan.FromHours(14));
        (await core.Blocks.BlockAsync(admin, new BlockRequest(blocked.UserId!.Value, true, [], [], [], expiry, "written far east"))).OrThrow();

        core.Clock.Now += TimeSpan.FromHours(7);
        var before = await list.ActiveAsync(await core.ViewerAsync(ActorRef.Anonymous));
        var refused = await core.Judgments.ProposeOrEndorseAsync(blocked, CoreHarness.Propose(false, true));
        core.Clock.Now += TimeSpan.FromHours(2);
        var after = await list.ActiveAsync(await core.ViewerAsync(ActorRef.Anonymous));
        var taken = await core.Judgments.ProposeOrEndorseAsync(blocked, CoreHarness.Propose(false, true));

        Assert.Equal(["Blocked"], before.Select(x => x.User.Name));
        Assert.IsType<JadeStudio.Core.Commands.JadeError.Blocked>(refused.Error);
        Assert.Empty(after);
        Assert.True(taken.IsSuccess, taken.Error?.ToString());
    }

    [Fact]
    public async Task A_reason_is_stored_as_it_was_checked_trimmed_and_composed()
    {
        await using var core = new CoreHarness();
        var list = new BlockQueries(core.Database, core.Clock);
        var admin = await core.UserAsync("Admin", "sysop");
        var blocked = await core.UserAsync("Blocked");
        // The longest reason taken once its accent is composed: 1,001 characters written.
        var longest = "re\u0301" + new string('x', JadeStudio.Core.Text.Reasons.MaxLength - 2);

        (await core.Blocks.BlockAsync(admin, new BlockRequest(blocked.UserId!.Value, true, [], [], [], null, "  " + longest + " "))).OrThrow();

        Assert.Equal("r\u00E9" + new string('x', JadeStudio.Core.Text.Reasons.MaxLength - 2), Assert.Single(await list.ActiveAsync(await core.ViewerAsync(ActorRef.Anonymous))).Details.Reason);
    }
}
