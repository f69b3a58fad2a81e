using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Text;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Oversight;

/// <summary>Every act that takes a reason takes one of up to 1,000 characters, as MediaWiki's log reasons, and refuses a longer one.</summary>
public sealed class ReasonLengthTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _admin = null!;
    private ActorRef _author = null!;
    private long _comment;
    private long _block;

    public async Task InitializeAsync()
    {
        _admin = await _core.UserAsync("Every Right", "sysop", "oversight", "bureaucrat");
        _author = await _core.UserAsync("Author", "autoconfirmed");
        _comment = (await _core.Discussions.StartThreadAsync(_author, new NewThread(CoreHarness.Diff, "A thread", "Some text"))).OrThrow().CommentId;
        // Something for a rollback to take back.
        (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(true, false))).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    public static TheoryData<string> Acts() => ["block", "unblock", "group", "hide", "request", "rollback"];

    private async Task<JadeError?> ActAsync(string act, string reason)
    {
        var author = _author.UserId!.Value;
        return act switch
        {
            "block" => (await _core.Blocks.BlockAsync(_admin, new BlockRequest(author, true, [], [], [], null, reason))).Error,
            "unblock" => (await _core.Blocks.UnblockAsync(_admin, _block, reason)).Error,
            "group" => (await _core.Groups.AddAsync(_admin, author, "sysop", reason, null)).Error,
            "hide" => (await _core.Visibility.SetAsync(_admin, new VisibilityRequest(new ItemRef(ItemKind.Comment, _comment), HideableField.Text, FieldVisibility.Deleted, reason))).Error,
            "request" => (await _core.OversightRequests.RequestAsync(_author, new ItemRef(ItemKind.Comment, _comment), HideableField.Text, reason)).Error,
            "rollback" => (await _core.Rollbacks.RollBackAsync(_admin, new RollbackRequest(author, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, reason))).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(act), act, null),
        };
    }

    [Theory]
    [MemberData(nameof(Acts))]
    public async Task A_reason_past_a_thousand_characters_is_refused_changing_nothing_and_one_of_a_thousand_is_taken(string act)
    {
        if (act == "unblock")
        {
            _block = (await _core.Blocks.BlockAsync(_admin, new BlockRequest(_author.UserId!.Value, true, [], [], [], null, "to lift"))).OrThrow().Id;
        }
        var before = await _core.Feed.LatestSeqAsync();

        var tooLong = await ActAsync(act, new string('r', Reasons.MaxLength + 1));
        var committedMeanwhile = await _core.Feed.LatestSeqAsync() - before;
        var longest = await ActAsync(act, "  " + new string('r', Reasons.MaxLength) + "  ");

        Assert.Equal(new JadeError.TextTooLong("reason", Reasons.MaxLength), tooLong);
        Assert.Equal(0, committedMeanwhile);
        Assert.Null(longest);
    }
}
