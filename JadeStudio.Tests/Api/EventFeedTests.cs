using System.Net;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

public sealed class EventFeedTests : IClassFixture<EventFeedTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?> { ["JadeStudio:Api:HeartbeatSeconds"] = "1" });

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public EventFeedTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    /// <summary>Every event after a cursor, by paging the JSON feed to its end.</summary>
    private static async Task<List<string>> CursorsAfterAsync(HttpClient client, string? cursor)
    {
        var cursors = new List<string>();
        while (true)
        {
            var page = await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/events?limit=7" + (cursor is null ? "" : "&cursor=" + cursor)));
            var events = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("cursor").GetString()!).ToList();
            if (events.Count == 0)
            {
                return cursors;
            }
            cursors.AddRange(events);
            cursor = page.GetProperty("next").GetString();
        }
    }

    private async Task BurstAsync(int writes)
    {
        var users = new List<long>();
        for (var i = 0; i < writes; i++)
        {
            users.Add(await _api.UserAsync(ApiHarness.Unique("Burst")));
        }
        await Task.WhenAll(users.Select((user, i) => Task.Run(() => _api.ProposeAsync(user, new ArtifactKey("cswiki", ArtifactType.Diff, ApiHarness.UniqueRevId()), i % 2 == 0))));
    }

    [Fact]
    public async Task Paging_the_JSON_feed_returns_every_event_once_in_commit_order()
    {
        await BurstAsync(12);
        var client = _app.CreateClient();

        var cursors = await CursorsAfterAsync(client, null);

        Assert.Equal(cursors.Count, cursors.Distinct().Count());
        Assert.True(cursors.Count >= 24); // each write: proposal created + endorsement created
    }

    [Fact]
    public async Task Resuming_a_stream_with_Last_Event_ID_returns_exactly_the_events_after_it_across_a_burst()
    {
        await BurstAsync(5);
        var client = _app.CreateClient();
        var seen = await CursorsAfterAsync(client, null);
        var resumeFrom = seen[^3]; // the consumer saw everything up to here

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await SseReader.OpenAsync(client, "/api/v1/events", resumeFrom, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        await BurstAsync(40); // written while the stream is open
        // One more write last: the stream is in order, so anything sent twice or out of order arrives before it.
        await BurstAsync(1);
        var expected = await CursorsAfterAsync(client, resumeFrom);
        var received = new List<string>();
        while (received.LastOrDefault() != expected[^1] && await stream.NextAsync(cancel.Token) is { } message)
        {
            received.Add(message.Id!);
        }

        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task A_stream_catching_up_over_many_full_pages_sends_every_event_once_in_order_then_the_live_ones()
    {
        // Pages of 3: the catch-up reads each next page while the one before is sent.
        await BurstAsync(12);
        var client = _app.CreateClient();
        var all = await CursorsAfterAsync(client, null);
        var resumeFrom = all[0];

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await SseReader.OpenAsync(client, "/api/v1/events?limit=3", resumeFrom, cancel.Token);
        var received = new List<string>();
        while (received.Count < all.Count - 1 && await stream.NextAsync(cancel.Token) is { } message)
        {
            received.Add(message.Id!);
        }
        await BurstAsync(1);
        var live = await CursorsAfterAsync(client, all[^1]);
        while (received.Count < all.Count - 1 + live.Count && await stream.NextAsync(cancel.Token) is { } message)
        {
            received.Add(message.Id!);
        }

        Assert.True(all.Count > 20);
        Assert.Equal([.. all.Skip(1), .. live], received);
    }

    [Fact]
    public async Task A_stream_reads_its_readers_rights_again_for_every_page()
    {
        var watcher = await _api.UserAsync(ApiHarness.Unique("Watcher"), "sysop");
        var deleter = await _api.UserAsync(ApiHarness.Unique("Deleter"), "sysop");
        var bureaucrat = await _api.UserAsync(ApiHarness.Unique("Bureaucrat"), "bureaucrat");
        var author = await _api.UserAsync(ApiHarness.Unique("Author"));
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await _api.TokenAsync(watcher, Right.ViewDeleted));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await SseReader.OpenAsync(client, "/api/v1/events", cancellationToken: cancel.Token);

        // A deleted note: the deletion log's entry, then the public notice that the item was redacted.
        async Task<List<string?>> DeleteANoteAsync()
        {
            var key = new ArtifactKey("cswiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
            var proposal = (await _app.Services.GetRequiredService<JudgmentService>().ProposeOrEndorseAsync(ActorRef.User(author),
                new ProposeRequest(key, "editquality", CoreHarness.EditQuality(true, false), "a note to delete"))).OrThrow().ProposalId!.Value;
            (await _app.Services.GetRequiredService<VisibilityService>().SetAsync(ActorRef.User(deleter),
                new VisibilityRequest(new ItemRef(ItemKind.Proposal, proposal), HideableField.Text, FieldVisibility.Deleted, "test"))).OrThrow();
            var types = new List<string?>();
            while (types.LastOrDefault() != "itemRedacted" && await stream.NextAsync(cancel.Token) is { } message)
            {
                types.Add(message.Event);
            }
            return types;
        }

        Assert.Contains("visibilityChanged", await DeleteANoteAsync());
        (await _app.Services.GetRequiredService<GroupService>().RemoveAsync(ActorRef.User(bureaucrat), watcher, "sysop", "test")).OrThrow();
        var afterLosingTheRight = await DeleteANoteAsync();

        Assert.Contains("itemRedacted", afterLosingTheRight);
        Assert.DoesNotContain("visibilityChanged", afterLosingTheRight);
    }

    [Fact]
    public async Task A_stream_ends_once_its_token_is_revoked_and_sends_nothing_committed_after()
    {
        var watcher = await _api.UserAsync(ApiHarness.Unique("Revoked watcher"));
        var author = await _api.UserAsync(ApiHarness.Unique("Author"));
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await _api.TokenAsync(watcher, Right.Judge));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await SseReader.OpenAsync(client, "/api/v1/events?wiki=enwiki", cancellationToken: cancel.Token);
        async Task ProposeAsync() => await _api.ProposeAsync(author, new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId()), true);
        await ProposeAsync();
        // A proposal's events: the proposal, then its author's endorsement.
        Assert.Equal("proposalCreated", (await stream.NextAsync(cancel.Token))?.Event);
        Assert.Equal("endorsementCreated", (await stream.NextAsync(cancel.Token))?.Event);

        await _api.RevokeAllAsync(watcher);
        await ProposeAsync();

        // The stream ends (a client that connects again is refused); the proposal committed after is not sent.
        var rest = new List<SseReader.Message>();
        while (await stream.NextAsync(cancel.Token) is { } message)
        {
            rest.Add(message);
        }
        Assert.Empty(rest);
        Assert.False(cancel.IsCancellationRequested);
    }

    [Fact]
    public async Task A_stream_filtered_by_wiki_and_type_sends_only_those_events()
    {
        var client = _app.CreateClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await SseReader.OpenAsync(client, "/api/v1/events?wiki=nlwiki&type=proposalCreated", cancellationToken: cancel.Token);
        await BurstAsync(3); // cswiki: must not show
        var user = await _api.UserAsync(ApiHarness.Unique("Nl"));
        await _app.Services.GetRequiredService<JadeStudio.Core.Judgments.JudgmentService>().ProposeOrEndorseAsync(JadeStudio.Core.Permissions.ActorRef.User(user),
            new JadeStudio.Core.Judgments.ProposeRequest(new ArtifactKey("nlwiki", ArtifactType.Revision, 123), "contentquality", """{"contentquality":"B"}"""));

        var message = await stream.NextAsync(cancel.Token);

        Assert.Equal("proposalCreated", message?.Event);
        Assert.Contains("\"artifact\":\"nlwiki/revision/123\"", message?.Data);
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeats()
    {
        var client = _app.CreateClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        using var stream = await SseReader.OpenAsync(client, "/api/v1/events?wiki=arwiki", cancellationToken: cancel.Token);

        try
        {
            await stream.NextAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Expected: no event for arwiki; only heartbeats arrived.
        }

        Assert.Contains("heartbeat", stream.Comments);
    }

    [Fact]
    public async Task An_unknown_cursor_or_filter_is_a_bad_request()
    {
        var client = _app.CreateClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/events?cursor=garbage!")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/events?type=explosion")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/events?since=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/events?wiki=xxwiki")).StatusCode);
    }
}

/// <summary>Retention: resuming from before the horizon is 410, never a silent skip.</summary>
public sealed class EventFeedRetentionTests
{
    [Fact]
    public async Task Resuming_from_before_the_retention_horizon_is_410_Gone()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await using var app = new JadeWebFactory("Development",
            new Dictionary<string, string?> { ["JadeStudio:Feed:Retention"] = "01:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        var api = new ApiHarness(app);
        var client = app.CreateClient();
        var user = await api.UserAsync("Old");
        await api.ProposeAsync(user, new ArtifactKey("enwiki", ArtifactType.Diff, 1), false);
        var firstPage = await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/events"));
        var afterFirst = firstPage.GetProperty("events")[0].GetProperty("cursor").GetString();
        var lastOld = firstPage.GetProperty("next").GetString();

        clock.Now += TimeSpan.FromHours(2);
        await api.ProposeAsync(user, new ArtifactKey("enwiki", ArtifactType.Diff, 2), false);

        var expiredPage = await client.GetAsync("/api/v1/events?cursor=" + afterFirst);
        using var expiredStream = await SseReader.OpenAsync(client, "/api/v1/events", afterFirst);
        var expiredSince = await client.GetAsync("/api/v1/events?since=2026-11-01T00:00:00Z");
        var current = await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/events?cursor=" + lastOld));
        var fresh = await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/events"));

        Assert.Equal(HttpStatusCode.Gone, expiredPage.StatusCode);
        Assert.Equal("cursorexpired", (await ApiHarness.JsonAsync(expiredPage)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Gone, expiredStream.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expiredSince.StatusCode);
        Assert.Equal(2, current.GetProperty("events").GetArrayLength());
        Assert.Equal(2, fresh.GetProperty("events").GetArrayLength());
    }
}
