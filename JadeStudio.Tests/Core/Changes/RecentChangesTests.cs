using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Changes;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Changes;

public sealed class RecentChangesTests : IAsyncLifetime
{
    private static readonly ArtifactKey Other = new("cswiki", ArtifactType.Diff, 555);
    private readonly CoreHarness _core = new();
    private ActorRef _alice = null!;
    private ActorRef _bob = null!;
    private ActorRef _bot = null!;
    private ActorRef _oversighter = null!;

    public async Task InitializeAsync()
    {
        _alice = await _core.UserAsync("Alice");
        _bob = await _core.UserAsync("Bob");
        _bot = await _core.UserAsync("LabelBot", "bot");
        _oversighter = await _core.UserAsync("Oversighter", "oversight", "sysop");
        await using var db = _core.Database.CreateDbContext();
        // Alice: an experienced wiki editor; Bob: registered yesterday; the bot: a learner.
        await db.Users.Where(u => u.Id == _alice.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.WikiEditCount, 12_000).SetProperty(x => x.WikiRegisteredAt, _core.Clock.Now.AddYears(-5)));
        await db.Users.Where(u => u.Id == _bob.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.WikiEditCount, 3).SetProperty(x => x.WikiRegisteredAt, _core.Clock.Now.AddDays(-1)));
        await db.Users.Where(u => u.Id == _bot.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.WikiEditCount, 100).SetProperty(x => x.WikiRegisteredAt, _core.Clock.Now.AddDays(-100)));
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<IReadOnlyList<FeedEvent>> ListAsync(ChangeFilter filter, ActorRef? viewer = null) =>
        (await _core.Changes.ReadAsync(filter, await _core.ViewerAsync(viewer ?? ActorRef.Anonymous))).Items;

    private async Task<IReadOnlyList<string?>> NamesAsync(ChangeFilter filter, ActorRef? viewer = null) =>
        (await ListAsync(filter, viewer)).Select(e => e.Actor?.Name).ToList();

    [Fact]
    public async Task Lists_judgments_endorsements_comments_labels_and_public_visibility_changes_newest_first()
    {
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false, notes: "vandalism"))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(true, false))).OrThrow();
        var (_, comment) = (await _core.Discussions.StartThreadAsync(_bob, new NewThread(CoreHarness.Diff, "Why?", "Looks fine to me"))).OrThrow();
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, comment), HideableField.Text, FieldVisibility.Deleted, "personal"))).OrThrow();

        var types = (await ListAsync(new ChangeFilter())).Select(e => e.Type).ToList();

        Assert.Equal([EventType.ItemRedacted, EventType.ThreadStarted, EventType.EndorsementCreated, EventType.EndorsementCreated, EventType.ProposalCreated], types);
        Assert.Equal([EventType.ThreadStarted], (await ListAsync(new ChangeFilter { Kinds = new HashSet<ChangeKind> { ChangeKind.Comment } })).Select(e => e.Type));
        Assert.Equal([EventType.ItemRedacted], (await ListAsync(new ChangeFilter { Kinds = new HashSet<ChangeKind> { ChangeKind.Visibility } })).Select(e => e.Type));
        // The log entry of the deletion (who, why) is the deletion log's, not recent changes'.
        Assert.DoesNotContain(await ListAsync(new ChangeFilter(), _oversighter), e => e.Type == EventType.VisibilityChanged);
        Assert.True(proposal.ProposalId > 0);
    }

    [Fact]
    public async Task Filters_by_wiki_user_and_hide_my_own()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(false, true, artifact: Other))).OrThrow();

        Assert.All(await ListAsync(new ChangeFilter { Wiki = "cswiki" }), e => Assert.Equal("cswiki", e.Wiki));
        Assert.NotEmpty(await ListAsync(new ChangeFilter { Wiki = "cswiki" }));
        Assert.All(await NamesAsync(new ChangeFilter { User = "Alice" }), n => Assert.Equal("Alice", n));
        Assert.NotEmpty(await NamesAsync(new ChangeFilter { User = "Alice" }));
        Assert.Empty(await ListAsync(new ChangeFilter { User = "Nobody" }));
        Assert.DoesNotContain("Alice", await NamesAsync(new ChangeFilter { HideMyself = true }, _alice));
        Assert.Contains("Bob", await NamesAsync(new ChangeFilter { HideMyself = true }, _alice));
    }

    [Fact]
    public async Task Bots_are_hidden_by_default_and_can_be_listed_alone()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bot, CoreHarness.Propose(true, false, artifact: Other))).OrThrow();

        Assert.DoesNotContain("LabelBot", await NamesAsync(new ChangeFilter()));
        Assert.Contains("LabelBot", await NamesAsync(new ChangeFilter { HideBots = false }));
        Assert.Equal(["LabelBot", "LabelBot"], await NamesAsync(new ChangeFilter { HideBots = false, HideHumans = true }));
    }

    [Fact]
    public async Task A_bot_by_its_wiki_rights_counts_as_a_bot_and_an_expired_bot_group_does_not()
    {
        var wikiBot = await _core.UserAsync("WikiBot");
        await using (var db = _core.Database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == wikiBot.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.WikiRights, "setpreferred bot"));
            await db.UserGroupMemberships.Where(m => m.UserId == _bot.UserId).ExecuteUpdateAsync(m => m.SetProperty(x => x.Expiry, _core.Clock.Now.AddDays(-1)));
        }
        (await _core.Judgments.ProposeOrEndorseAsync(wikiBot, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bot, CoreHarness.Propose(true, false, artifact: Other))).OrThrow();

        var names = await NamesAsync(new ChangeFilter());

        Assert.DoesNotContain("WikiBot", names);
        Assert.Contains("LabelBot", names);
    }

    [Fact]
    public async Task Filters_by_experience_level()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(true, false, artifact: Other))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bot, CoreHarness.Propose(false, true, artifact: Other))).OrThrow();
        ChangeFilter Levels(params ExperienceLevel[] levels) => new() { HideBots = false, Experience = levels.ToHashSet() };

        Assert.Equal(["Bob", "Bob"], await NamesAsync(Levels(ExperienceLevel.Newcomer)));
        Assert.Equal(["LabelBot", "LabelBot"], await NamesAsync(Levels(ExperienceLevel.Learner)));
        Assert.Equal(["Alice", "Alice"], await NamesAsync(Levels(ExperienceLevel.Experienced)));
        Assert.Equal(4, (await NamesAsync(Levels(ExperienceLevel.Newcomer, ExperienceLevel.Experienced))).Count);
    }

    [Fact]
    public async Task Only_disputed_artifacts_and_only_artifacts_without_a_preferred_judgment()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(false, true))).OrThrow();
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false, artifact: Other))).OrThrow();
        var unjudged = new ArtifactKey("enwiki", ArtifactType.Diff, 777);
        (await _core.Discussions.StartThreadAsync(_bob, new NewThread(unjudged, "Unsure", "Anyone?"))).OrThrow();

        var disputed = await ListAsync(new ChangeFilter { OnlyDisputed = true });
        var withoutPreferred = await ListAsync(new ChangeFilter { OnlyWithoutPreferred = true });

        Assert.NotEmpty(disputed);
        Assert.All(disputed, e => Assert.Equal(CoreHarness.Diff, e.Artifact));
        Assert.Equal(unjudged, Assert.Single(withoutPreferred).Artifact);
    }

    [Fact]
    public async Task The_time_range_and_limit_are_kept_and_older_rows_continue_the_list()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_alice, CoreHarness.Propose(true, false))).OrThrow();
        _core.Clock.Now = _core.Clock.Now.AddDays(2);
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(true, false, artifact: Other))).OrThrow();

        Assert.Equal(["Bob", "Bob"], await NamesAsync(new ChangeFilter { Days = 1 }));
        var first = await _core.Changes.ReadAsync(new ChangeFilter { Limit = 3 }, await _core.ViewerAsync(ActorRef.Anonymous));
        var rest = await _core.Changes.ReadAsync(new ChangeFilter { Limit = 3 }, await _core.ViewerAsync(ActorRef.Anonymous), olderThan: first.OlderThan);

        Assert.Equal(3, first.Items.Count);
        Assert.Equal(["Alice"], rest.Items.Select(e => e.Actor?.Name));
        Assert.Null(rest.OlderThan);
        var newer = await _core.Changes.ReadAsync(new ChangeFilter(), await _core.ViewerAsync(ActorRef.Anonymous), newerThan: first.Items[1].Seq);
        Assert.Equal([first.Items[0].Seq], newer.Items.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_hidden_name_or_text_never_shows_and_performer_filters_never_match_a_hidden_performer()
    {
        var (_, comment) = (await _core.Discussions.StartThreadAsync(_bob, new NewThread(CoreHarness.Diff, "Address", "Bob lives at 12 Elm Street"))).OrThrow();
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, comment), HideableField.Text, FieldVisibility.Suppressed, "address"))).OrThrow();
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Comment, comment), HideableField.User, FieldVisibility.Suppressed, "name"))).OrThrow();
        var sysop = await _core.UserAsync("Sysop", "sysop");

        foreach (var viewer in new[] { ActorRef.Anonymous, _alice, sysop })
        {
            var rows = await ListAsync(new ChangeFilter { HideBots = false }, viewer);
            var thread = Assert.Single(rows, e => e.Type == EventType.ThreadStarted);
            Assert.True(thread.Actor!.Hidden);
            Assert.Null(thread.Actor.Name);
            Assert.Null(thread.Text.Value);
            Assert.Empty(await ListAsync(new ChangeFilter { User = "Bob" }, viewer));
            Assert.Empty(await ListAsync(new ChangeFilter { Experience = new HashSet<ExperienceLevel> { ExperienceLevel.Newcomer } }, viewer));
        }
        var seen = Assert.Single(await ListAsync(new ChangeFilter { User = "Bob" }, _oversighter), e => e.Type == EventType.ThreadStarted);
        Assert.Equal("Bob", seen.Actor!.Name);
    }

    [Fact]
    public async Task A_hidden_account_is_unknown_to_the_user_filter()
    {
        (await _core.Judgments.ProposeOrEndorseAsync(_bob, CoreHarness.Propose(true, false))).OrThrow();
        (await _core.Blocks.BlockAsync(_oversighter, new BlockRequest(_bob.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();

        Assert.Empty(await ListAsync(new ChangeFilter { User = "Bob" }, _alice));
        Assert.DoesNotContain(await ListAsync(new ChangeFilter(), _alice), e => e.Actor?.Name == "Bob");
        Assert.NotEmpty(await ListAsync(new ChangeFilter { User = "Bob" }, _oversighter));
    }

    [Theory]
    [InlineData("kinds", "judgment,nonsense")]
    [InlineData("kinds", "0")]
    [InlineData("experience", "veteran")]
    [InlineData("hidebots", "yes")]
    [InlineData("days", "0")]
    [InlineData("days", "91")]
    [InlineData("days", "NaN")]
    [InlineData("limit", "501")]
    [InlineData("wiki", "nowiki")]
    public void A_bad_parameter_is_named(string name, string value)
    {
        var parse = ChangeFilter.Parse(p => p == name ? value : null, wiki => wiki == "enwiki");

        Assert.Equal(name, Assert.IsType<ChangeFilterParse.Invalid>(parse).Parameter);
    }

    [Fact]
    public void Parameters_round_trip_through_the_address()
    {
        var filter = new ChangeFilter
        {
            Wiki = "enwiki",
            Kinds = new HashSet<ChangeKind> { ChangeKind.Comment, ChangeKind.Judgment },
            User = "Some User",
            HideBots = false,
            HideHumans = true,
            Experience = new HashSet<ExperienceLevel> { ExperienceLevel.Newcomer },
            HideMyself = true,
            OnlyDisputed = true,
            OnlyWithoutPreferred = true,
            Days = 0.5,
            Limit = 100,
        };
        var query = filter.ToQuery().ToDictionary(p => p.Key, p => p.Value);

        var parsed = Assert.IsType<ChangeFilterParse.Valid>(ChangeFilter.Parse(query.GetValueOrDefault, _ => true)).Filter;

        Assert.Equal("judgment,comment", query["kinds"]);
        Assert.Equal(filter.ToQuery(), parsed.ToQuery());
        Assert.Empty(new ChangeFilter().ToQuery());
    }
}
