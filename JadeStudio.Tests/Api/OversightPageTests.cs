using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>The rollback and log pages as each kind of visitor gets them (server-rendered).</summary>
public sealed class OversightPageTests : IClassFixture<OversightPageTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development");

    private readonly Factory _app;

    public OversightPageTests(Factory app) => _app = app;

    private async Task<HttpClient> BrowserAsync(string? account)
    {
        var client = _app.CreateBrowserLikeClient();
        if (account is not null)
        {
            await JadeWebFactory.SignInAsync(client, account);
        }
        return client;
    }

    [Theory]
    [InlineData("oversighter", true, true)]
    [InlineData("sysop", true, false)]
    [InlineData("reviewer", false, false)]
    public async Task The_block_form_is_there_for_whoever_may_block_or_hide_a_user_and_offers_hiding_to_hideuser(string account, bool form, bool hideBox)
    {
        var page = await JadeWebFactory.GetPageAsync(await BrowserAsync(account), "/blocks");

        Assert.Equal(form, page.QuerySelector("[data-testid=block-form]") is not null);
        Assert.Equal(hideBox, page.QuerySelector("[data-testid=block-hideuser]") is not null);
    }

    [Fact]
    public async Task Rollbacks_are_listed_for_everyone_and_only_rollbackers_get_the_form_and_undo()
    {
        var users = _app.Services.GetRequiredService<UserDirectory>();
        var vandal = await users.RecordSignInAsync("test", "page-vandal", "Page Vandal", []);
        var sysop = await users.RecordSignInAsync("test", "page-sysop", "Page Sysop", ["sysop"]);
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        (await _app.Services.GetRequiredService<JudgmentService>().ProposeOrEndorseAsync(ActorRef.User(vandal.Id),
            new ProposeRequest(key, "editquality", CoreHarness.EditQuality(false, true)))).OrThrow();
        (await _app.Services.GetRequiredService<RollbackService>().RollBackAsync(ActorRef.User(sysop.Id),
            new RollbackRequest(vandal.Id, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), null, "spree of bad labels"))).OrThrow();

        var anonymous = await JadeWebFactory.GetPageAsync(await BrowserAsync(null), "/rollback");
        var asSysop = await JadeWebFactory.GetPageAsync(await BrowserAsync("sysop"), "/rollback");

        var entry = anonymous.QuerySelector("[data-testid=rollback-entry]")!;
        Assert.Contains("Page Vandal", entry.TextContent);
        Assert.Contains("spree of bad labels", entry.TextContent);
        Assert.Null(anonymous.QuerySelector("[data-testid=rollback-form]"));
        Assert.Null(anonymous.QuerySelector("[data-testid=rollback-undo]"));
        Assert.NotNull(asSysop.QuerySelector("[data-testid=rollback-form]"));
        Assert.NotNull(asSysop.QuerySelector("[data-testid=rollback-undo]"));
    }

    [Theory]
    [InlineData("deletion", null, false)]
    [InlineData("deletion", "reviewer", false)]
    [InlineData("deletion", "sysop", true)]
    [InlineData("deletion", "oversighter", true)]
    [InlineData("suppression", "sysop", false)]
    [InlineData("suppression", "oversighter", true)]
    public async Task A_log_is_shown_only_with_its_right(string log, string? account, bool shown)
    {
        var page = await JadeWebFactory.GetPageAsync(await BrowserAsync(account), $"/log/{log}");

        Assert.Equal(!shown, page.QuerySelector("[data-testid=log-denied]") is not null);
    }
}
