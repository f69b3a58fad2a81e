using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Logs;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Logs;

/// <summary>Special:Log: each log lists its actions, each to those with its right, by performer, page by page.</summary>
public sealed class LogReaderTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _sysop = null!;
    private ActorRef _oversighter = null!;
    private ActorRef _bureaucrat = null!;
    private ActorRef _researcher = null!;
    private ActorRef _vandal = null!;
    private ActorRef _troll = null!;

    public async Task InitializeAsync()
    {
        _sysop = await _core.UserAsync("Sysop", "sysop");
        _oversighter = await _core.UserAsync("Oversighter", "oversight");
        _bureaucrat = await _core.UserAsync("Bureaucrat", "bureaucrat");
        _researcher = await _core.UserAsync("Researcher", "researcher");
        _vandal = await _core.UserAsync("Vandal");
        _troll = await _core.UserAsync("Troll at 12 Elm Street");

        var (_, comment) = (await _core.Discussions.StartThreadAsync(_vandal, new NewThread(CoreHarness.Diff, "Hi", "my phone number"))).OrThrow();
        (await _core.Visibility.SetAsync(_sysop, new VisibilityRequest(new ItemRef(ItemKind.Comment, comment), HideableField.Text, FieldVisibility.Deleted, "private"))).OrThrow();
        (await _core.Blocks.BlockAsync(_sysop, new BlockRequest(_vandal.UserId!.Value, true, [], [], [], _core.Clock.Now.AddDays(3), "vandalism"))).OrThrow();
        (await _core.Blocks.BlockAsync(_oversighter, new BlockRequest(_troll.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();
        (await _core.Groups.AddAsync(_bureaucrat, _researcher.UserId!.Value, "autoconfirmed", "trusted", _core.Clock.Now.AddDays(30))).OrThrow();
        await _core.CampaignAsync(_researcher, name: "Spring labels");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<IReadOnlyList<LogEntry>> ReadAsync(LogQuery query, ActorRef viewer) =>
        (await _core.Logs.ReadAsync(query, await _core.ViewerAsync(viewer))).OrThrow().Entries;

    [Fact]
    public async Task Everyone_reads_the_public_logs_and_only_the_public_logs()
    {
        var entries = await ReadAsync(new LogQuery(), ActorRef.Anonymous);

        Assert.Equal(["campaign", "rights", "block"], entries.Select(e => LogReader.NameOf(e.Log)).Distinct());
        var block = Assert.Single(entries, e => e.Type == EventType.BlockCreated);
        Assert.Equal(("Sysop", "Vandal", "vandalism"), (block.Performer!.Name, block.Subject!.Name, block.Reason.Value));
        Assert.Equal(_core.Clock.Now.AddDays(3), block.Expiry);
        var group = Assert.Single(entries, e => e.Type == EventType.GroupAdded);
        Assert.Equal(("autoconfirmed", "Researcher"), (group.Group, group.Subject!.Name));
        Assert.NotNull(Assert.Single(entries, e => e.Type == EventType.CampaignCreated).CampaignId);
        Assert.DoesNotContain(entries, e => e.Subject?.Name?.Contains("Elm", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_deletion_and_suppression_logs_need_their_rights_and_join_the_list_for_those_who_have_them()
    {
        var refused = await _core.Logs.ReadAsync(LogQuery.Of(LogType.Suppression), await _core.ViewerAsync(_sysop));

        Assert.Equal(Right.SuppressionLog, Assert.IsType<JadeError.PermissionDenied>(refused.Error).Missing);
        var sysopSees = await ReadAsync(new LogQuery(), _sysop);
        Assert.Contains(sysopSees, e => e.Log == LogType.Deletion && e.Item is { Kind: ItemKind.Comment });
        Assert.DoesNotContain(sysopSees, e => e.Log == LogType.Suppression);
        var hideUser = Assert.Single(await ReadAsync(LogQuery.Of(LogType.Suppression), _oversighter));
        Assert.Equal((EventType.BlockCreated, "Troll at 12 Elm Street"), (hideUser.Type, hideUser.Subject!.Name));
    }

    [Fact]
    public async Task One_log_by_one_performer()
    {
        var blocks = await ReadAsync(new LogQuery(new HashSet<LogType> { LogType.Block, LogType.Rights }, Performer: "Bureaucrat"), ActorRef.Anonymous);

        Assert.Equal([EventType.GroupAdded], blocks.Select(e => e.Type));
        Assert.Empty(await ReadAsync(new LogQuery(Performer: "Nobody"), ActorRef.Anonymous));
    }

    [Theory]
    [InlineData("bureaucrat")]
    [InlineData("\u200EBureaucrat_")]
    public async Task A_performer_is_found_by_any_spelling_a_wiki_reads_as_their_name(string written)
    {
        var entries = await ReadAsync(new LogQuery(new HashSet<LogType> { LogType.Block, LogType.Rights }, Performer: written), ActorRef.Anonymous);

        Assert.Equal([EventType.GroupAdded], entries.Select(e => e.Type));
    }

    [Fact]
    public async Task Pages_continue_with_older_entries()
    {
        var first = (await _core.Logs.ReadAsync(new LogQuery(Limit: 2), await _core.ViewerAsync(ActorRef.Anonymous))).OrThrow();
        var rest = (await _core.Logs.ReadAsync(new LogQuery(OlderThan: first.OlderThan, Limit: 2), await _core.ViewerAsync(ActorRef.Anonymous))).OrThrow();

        Assert.Equal([EventType.CampaignCreated, EventType.GroupAdded], first.Entries.Select(e => e.Type));
        Assert.Equal([EventType.BlockCreated], rest.Entries.Select(e => e.Type));
        Assert.Null(rest.OlderThan);
    }

    [Theory]
    [InlineData("block", true)]
    [InlineData("suppression", true)]
    [InlineData("Block", false)]
    [InlineData("0", false)]
    [InlineData("patrol", false)]
    public void Log_names_are_parsed_by_name_only(string name, bool known) => Assert.Equal(known, LogReader.TryParseType(name, out _));
}
