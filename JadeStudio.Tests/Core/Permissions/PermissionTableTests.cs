using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Permissions;

/// <summary>Who may do what, where: named cases × actions, run through the real command path.</summary>
public sealed class PermissionTableTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private readonly Dictionary<string, ActorRef> _cases = new();
    private long _existingProposal;
    private long _authorId;

    public enum Outcome
    {
        Allowed,
        Denied,
        Blocked,
    }

    public enum Action
    {
        Judge,
        SetPreferred,
        EditOthers,
        BlockSomeone,
    }

    public async Task InitializeAsync()
    {
        var author = await _core.UserAsync("Author");
        _authorId = author.UserId!.Value;
        _existingProposal = (await _core.Judgments.ProposeOrEndorseAsync(author, CoreHarness.Propose(false, true))).OrThrow().ProposalId!.Value;
        var admin = await _core.UserAsync("Admin", "sysop");

        _cases["anonymous"] = ActorRef.Anonymous;
        _cases["user"] = await _core.UserAsync("U");
        _cases["autoconfirmed"] = await _core.UserAsync("AC", "autoconfirmed");
        _cases["sysop"] = await _core.UserAsync("SY", "sysop");
        _cases["oversighter"] = await _core.UserAsync("OS", "oversight");
        _cases["sitewide-blocked"] = await BlockedAsync(admin, "SB", sitewide: true);
        _cases["blocked-on-this-wiki"] = await BlockedAsync(admin, "BW", wikis: ["enwiki"]);
        _cases["blocked-on-other-wiki"] = await BlockedAsync(admin, "BO", wikis: ["cswiki"]);
        _cases["blocked-on-this-artifact"] = await BlockedAsync(admin, "BA", artifacts: [CoreHarness.Diff.ToString()]);
        _cases["blocked-from-this-action"] = await BlockedAsync(admin, "BJ", actions: [BlockAction.Judge]);
        _cases["blocked-from-other-action"] = await BlockedAsync(admin, "BC", actions: [BlockAction.Comment]);
        _cases["expired-block"] = await BlockedAsync(admin, "EX", sitewide: true, expiresIn: TimeSpan.FromHours(1));
        _core.Clock.Now += TimeSpan.FromHours(2); // the expiring block is now over
    }

    private async Task<ActorRef> BlockedAsync(ActorRef admin, string name, bool sitewide = false, string[]? wikis = null, string[]? artifacts = null, BlockAction[]? actions = null, TimeSpan? expiresIn = null)
    {
        var user = await _core.UserAsync(name, "sysop", "autoconfirmed");
        (await _core.Blocks.BlockAsync(admin, new BlockRequest(user.UserId!.Value, sitewide, wikis ?? [], artifacts ?? [], actions ?? [],
            expiresIn is { } e ? _core.Clock.Now + e : null, "test block"))).OrThrow();
        return user;
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    public static TheoryData<string, Action, Outcome> Table() => new()
    {
        { "anonymous", Action.Judge, Outcome.Denied },
        { "anonymous", Action.SetPreferred, Outcome.Denied },
        { "anonymous", Action.EditOthers, Outcome.Denied },
        { "anonymous", Action.BlockSomeone, Outcome.Denied },
        { "user", Action.Judge, Outcome.Allowed },
        { "user", Action.SetPreferred, Outcome.Denied },
        { "user", Action.EditOthers, Outcome.Denied },
        { "user", Action.BlockSomeone, Outcome.Denied },
        { "autoconfirmed", Action.Judge, Outcome.Allowed },
        { "autoconfirmed", Action.SetPreferred, Outcome.Allowed },
        { "autoconfirmed", Action.EditOthers, Outcome.Denied },
        { "sysop", Action.Judge, Outcome.Allowed },
        { "sysop", Action.SetPreferred, Outcome.Allowed },
        { "sysop", Action.EditOthers, Outcome.Allowed },
        { "sysop", Action.BlockSomeone, Outcome.Allowed },
        { "oversighter", Action.Judge, Outcome.Allowed },
        { "oversighter", Action.SetPreferred, Outcome.Denied },
        { "oversighter", Action.BlockSomeone, Outcome.Denied },
        { "sitewide-blocked", Action.Judge, Outcome.Blocked },
        { "sitewide-blocked", Action.SetPreferred, Outcome.Blocked },
        { "sitewide-blocked", Action.EditOthers, Outcome.Blocked },
        { "sitewide-blocked", Action.BlockSomeone, Outcome.Blocked },
        { "blocked-on-this-wiki", Action.Judge, Outcome.Blocked },
        { "blocked-on-this-wiki", Action.SetPreferred, Outcome.Blocked },
        { "blocked-on-this-wiki", Action.BlockSomeone, Outcome.Allowed },
        { "blocked-on-other-wiki", Action.Judge, Outcome.Allowed },
        { "blocked-on-other-wiki", Action.SetPreferred, Outcome.Allowed },
        { "blocked-on-this-artifact", Action.Judge, Outcome.Blocked },
        { "blocked-from-this-action", Action.Judge, Outcome.Blocked },
        { "blocked-from-this-action", Action.EditOthers, Outcome.Blocked },
        { "blocked-from-other-action", Action.Judge, Outcome.Allowed },
        { "blocked-from-other-action", Action.SetPreferred, Outcome.Allowed },
        { "expired-block", Action.Judge, Outcome.Allowed },
        { "expired-block", Action.SetPreferred, Outcome.Allowed },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Permission(string who, Action action, Outcome expected)
    {
        var actor = _cases[who];
        JadeError? error = action switch
        {
            Action.Judge => (await _core.Judgments.ProposeOrEndorseAsync(actor, CoreHarness.Propose(true, false))).Error,
            Action.SetPreferred => await SetPreferredOnFreshProposalAsync(actor),
            Action.EditOthers => (await _core.Judgments.UpdateEndorsementCommentAsync(actor, _existingProposal, _authorId, "edited by " + who)).Error,
            Action.BlockSomeone => (await _core.Blocks.BlockAsync(actor, new BlockRequest(_authorId, false, [], [], [BlockAction.Comment], null, "x"))).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        var actual = error switch
        {
            null => Outcome.Allowed,
            JadeError.PermissionDenied => Outcome.Denied,
            JadeError.Blocked => Outcome.Blocked,
            _ => throw new Xunit.Sdk.XunitException($"Unexpected error {error}"),
        };
        Assert.Equal(expected, actual);
    }

    private async Task<JadeError?> SetPreferredOnFreshProposalAsync(ActorRef actor)
    {
        // A second proposal by someone else, so there is something to prefer.
        var other = await _core.UserAsync("Other" + Guid.NewGuid().ToString("N")[..6]);
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(other, CoreHarness.Propose(true, true))).OrThrow().ProposalId!.Value;
        return (await _core.Judgments.SetPreferredAsync(actor, proposal)).Error;
    }

    [Fact]
    public async Task A_new_block_refuses_the_very_next_mutation()
    {
        var user = await _core.UserAsync("Next");
        var admin = await _core.UserAsync("Admin2", "sysop");
        Assert.True((await _core.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).IsSuccess);

        (await _core.Blocks.BlockAsync(admin, new BlockRequest(user.UserId!.Value, true, [], [], [], null, "spam"))).OrThrow();
        var next = await _core.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(false, false));

        var blocked = Assert.IsType<JadeError.Blocked>(next.Error);
        Assert.Equal("spam", blocked.Block.Reason);
        Assert.True(blocked.Block.Sitewide);
    }

    [Fact]
    public async Task Reading_is_never_blocked()
    {
        var view = await _core.Reader.GetAsync(CoreHarness.Diff, await _core.ViewerAsync(_cases["sitewide-blocked"]));

        Assert.NotEmpty(view.Facets.Single(f => f.Facet.Id == "editquality").Proposals);
    }

    [Fact]
    public async Task A_token_limited_to_fewer_rights_cannot_use_the_owners_others()
    {
        var sysop = _cases["sysop"];
        var limited = new ActorRef(sysop.UserId, new HashSet<Right> { Right.Judge });

        var refused = await _core.Judgments.UpdateEndorsementCommentAsync(limited, _existingProposal, _authorId, "x");

        Assert.Equal(Right.EditOthersJudgments, Assert.IsType<JadeError.PermissionDenied>(refused.Error).Missing);
    }

    [Theory]
    [InlineData(false, new string[0], new string[0], BlockProblem.PartialWithoutRestriction)]
    [InlineData(false, new[] { "nowiki" }, new string[0], BlockProblem.UnknownWiki)]
    [InlineData(false, new string[0], new[] { "enwiki/diff/0123" }, BlockProblem.InvalidArtifact)]
    [InlineData(false, new string[0], new[] { "enwiki/diff/123", "nowiki/diff/1" }, BlockProblem.InvalidArtifact)]
    public async Task Invalid_blocks_are_refused(bool sitewide, string[] wikis, string[] artifacts, BlockProblem problem)
    {
        var result = await _core.Blocks.BlockAsync(_cases["sysop"], new BlockRequest(_authorId, sitewide, wikis, artifacts, [], null, "reason"));

        Assert.Equal(problem, Assert.IsType<JadeError.InvalidBlock>(result.Error).Problem);
    }

    [Fact]
    public async Task A_block_names_at_most_ten_artifacts_however_often_each_is_given()
    {
        var ten = Enumerable.Range(1, BlockService.MaxArtifacts).Select(i => $"enwiki/diff/{100 + i}").ToList();

        var eleven = await _core.Blocks.BlockAsync(_cases["sysop"], new BlockRequest(_authorId, false, [], [.. ten, "enwiki/diff/99"], [], null, "reason"));
        var tenTwice = await _core.Blocks.BlockAsync(_cases["sysop"], new BlockRequest(_authorId, false, [], [.. ten, .. ten], [], null, "reason"));

        Assert.Equal(BlockProblem.TooManyArtifacts, Assert.IsType<JadeError.InvalidBlock>(eleven.Error).Problem);
        Assert.Equal(ten.Order(StringComparer.Ordinal), tenTwice.OrThrow().Artifacts);
    }

    [Fact]
    public async Task A_block_on_one_canonical_artifact_is_accepted_and_applies_there_only()
    {
        var other = new JadeStudio.Core.Artifacts.ArtifactKey("enwiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, 77);
        (await _core.Blocks.BlockAsync(_cases["sysop"], new BlockRequest(_authorId, false, [], [CoreHarness.Diff.ToString()], [], null, "reason"))).OrThrow();

        var there = await _core.Judgments.CreateAndEndorseAsync(ActorRef.User(_authorId), CoreHarness.Propose(false, false));
        var elsewhere = await _core.Judgments.CreateAndEndorseAsync(ActorRef.User(_authorId), CoreHarness.Propose(false, false, artifact: other));

        Assert.IsType<JadeError.Blocked>(there.Error);
        Assert.Null(elsewhere.Error);
    }
}
