using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Users;

public sealed class GroupServiceTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _bureaucrat = default!;
    private ActorRef _user = default!;

    public async Task InitializeAsync()
    {
        _bureaucrat = await _core.UserAsync("Crat", "bureaucrat");
        _user = await _core.UserAsync("Candidate");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<bool> HasAsync(Right right) => (await _core.ViewerAsync(_user)).Has(right);

    [Fact]
    public async Task Adding_a_group_grants_its_rights_at_once_and_is_logged_with_the_reason()
    {
        (await _core.Groups.AddAsync(_bureaucrat, _user.UserId!.Value, "sysop", "trusted patroller", null)).OrThrow();

        Assert.True(await HasAsync(Right.EditOthersJudgments));
        await using var db = _core.Database.CreateDbContext();
        var logged = await db.Events.SingleAsync(e => e.Type == EventType.GroupAdded);
        Assert.Equal(_user.UserId, logged.SubjectUserId);
        Assert.Equal(_bureaucrat.UserId, logged.ActorId);
        Assert.Equal("trusted patroller", (await db.Texts.SingleAsync(t => t.Id == logged.TextId)).Content);
        Assert.Contains("\"group\":\"sysop\"", logged.Data);
    }

    [Fact]
    public async Task Removing_a_group_takes_its_rights_at_once()
    {
        (await _core.Groups.AddAsync(_bureaucrat, _user.UserId!.Value, "sysop", "trial", null)).OrThrow();

        (await _core.Groups.RemoveAsync(_bureaucrat, _user.UserId!.Value, "sysop", "trial over")).OrThrow();

        Assert.False(await HasAsync(Right.EditOthersJudgments));
    }

    [Fact]
    public async Task A_membership_ends_at_its_expiry()
    {
        (await _core.Groups.AddAsync(_bureaucrat, _user.UserId!.Value, "researcher", "one-week study", _core.Clock.Now.AddDays(7))).OrThrow();
        Assert.True(await HasAsync(Right.UploadArtifacts));

        _core.Clock.Now = _core.Clock.Now.AddDays(8);

        Assert.False(await HasAsync(Right.UploadArtifacts));
    }

    [Fact]
    public async Task Only_holders_of_managegroups_change_groups()
    {
        var result = await _core.Groups.AddAsync(_user, _user.UserId!.Value, "sysop", "promote myself", null);

        Assert.Equal(Right.ManageGroups, Assert.IsType<JadeError.PermissionDenied>(result.Error).Missing);
        Assert.False(await HasAsync(Right.EditOthersJudgments));
    }

    [Theory]
    [InlineData("stewards", "why", GroupChangeProblem.UnknownGroup)]
    [InlineData("user", "why", GroupChangeProblem.ImplicitGroup)]
    [InlineData("*", "why", GroupChangeProblem.ImplicitGroup)]
    [InlineData("sysop", " ", GroupChangeProblem.NoReason)]
    [InlineData("sysop", "\u200B\u00AD", GroupChangeProblem.NoReason)]
    public async Task Invalid_group_changes_are_refused(string group, string reason, GroupChangeProblem problem)
    {
        var result = await _core.Groups.AddAsync(_bureaucrat, _user.UserId!.Value, group, reason, null);

        Assert.Equal(problem, Assert.IsType<JadeError.InvalidGroupChange>(result.Error).Problem);
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_refused() =>
        Assert.Equal(GroupChangeProblem.ExpiryInPast,
            Assert.IsType<JadeError.InvalidGroupChange>((await _core.Groups.AddAsync(_bureaucrat, _user.UserId!.Value, "sysop", "r", _core.Clock.Now.AddDays(-1))).Error).Problem);

    [Fact]
    public async Task Rights_are_explained_by_their_sources()
    {
        (await _core.Groups.AddAsync(_bureaucrat, _user.UserId!.Value, "autoconfirmed", "auto", null)).OrThrow();
        var user = await _core.Users.FindAsync(_user.UserId!.Value);

        var explained = _core.Actors.Explain(user!, _core.Clock.Now);

        Assert.Equal(RightSourceKind.SignedIn, Assert.Single(explained[Right.Judge]).Kind);
        Assert.Equal("autoconfirmed", Assert.Single(explained[Right.SetPreferred]).Name);
    }
}
