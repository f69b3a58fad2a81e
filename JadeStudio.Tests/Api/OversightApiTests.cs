using System.Net;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

public sealed class OversightApiTests : IClassFixture<OversightApiTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development");

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public OversightApiTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    private async Task<long> CommentAsync(long author, string text)
    {
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        return (await _app.Services.GetRequiredService<DiscussionService>().StartThreadAsync(ActorRef.User(author), new NewThread(key, "Title", text))).OrThrow().CommentId;
    }

    private static string Body(string kind, long id, string field, string level, string reason = "private information") =>
        $$"""{"kind":"{{kind}}","id":{{id}},"field":"{{field}}","level":"{{level}}","reason":"{{reason}}"}""";

    private async Task<HttpResponseMessage> PostAsync(string url, string? token, string json) =>
        await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, url, token, json));

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Bad_visibility_calls_get_a_problem_with_a_stable_code_and_change_nothing()
    {
        var author = await _api.UserAsync(ApiHarness.Unique("Author"));
        var comment = await CommentAsync(author, "a private phone number");
        var reviewer = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Reviewer")), Right.Judge);
        var sysop = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Sysop"), "sysop"), Right.DeleteContent, Right.ViewDeleted);

        await AssertProblemAsync(await PostAsync("/api/v1/visibility", null, Body("comment", comment, "text", "deleted")), HttpStatusCode.Unauthorized, "notloggedin");
        await AssertProblemAsync(await PostAsync("/api/v1/visibility", reviewer, Body("comment", comment, "text", "deleted")), HttpStatusCode.Forbidden, "permissiondenied");
        await AssertProblemAsync(await PostAsync("/api/v1/visibility", sysop, Body("comment", comment, "text", "suppressed")), HttpStatusCode.Forbidden, "permissiondenied");
        await AssertProblemAsync(await PostAsync("/api/v1/visibility", sysop, Body("post", comment, "text", "deleted")), HttpStatusCode.BadRequest, "badrequest");
        await AssertProblemAsync(await PostAsync("/api/v1/visibility", sysop, Body("comment", comment, "text", "deleted", " ")), HttpStatusCode.UnprocessableEntity, "jade-invalidvisibility");
        await AssertProblemAsync(await PostAsync("/api/v1/visibility", sysop, Body("comment", 987_654_321, "text", "deleted")), HttpStatusCode.NotFound, "jade-entitynotfound");
        await AssertProblemAsync(await PostAsync("/api/v1/visibility", sysop, Body("comment", comment, "text", "deleted").Replace("}", ",\"force\":true}")), HttpStatusCode.BadRequest, "badrequest");

        var log = await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Get, "/api/v1/logs/deletion", sysop));
        Assert.DoesNotContain($"\"id\":{comment}", await log.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_deletion_is_answered_with_both_levels_and_logged_for_viewdeleted_only()
    {
        var author = await _api.UserAsync(ApiHarness.Unique("Author"));
        var comment = await CommentAsync(author, "my neighbour's address");
        var sysop = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Sysop"), "sysop"), Right.DeleteContent, Right.ViewDeleted);
        var reviewer = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Reviewer")), Right.Judge);

        var response = await PostAsync("/api/v1/visibility", sysop, Body("comment", comment, "text", "deleted"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = await ApiHarness.JsonAsync(response);
        Assert.Equal(("visible", "deleted"), (change.GetProperty("from").GetString(), change.GetProperty("to").GetString()));
        var log = await ApiHarness.JsonAsync(await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Get, "/api/v1/logs/deletion", sysop)));
        Assert.Contains(log.GetProperty("entries").EnumerateArray(), e => e.GetProperty("id").GetInt64() == comment && e.GetProperty("reason").GetString() == "private information");
        await AssertProblemAsync(await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Get, "/api/v1/logs/deletion", reviewer)), HttpStatusCode.Forbidden, "permissiondenied");
        await AssertProblemAsync(await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Get, "/api/v1/logs/suppression", sysop)), HttpStatusCode.Forbidden, "permissiondenied");
    }

    [Fact]
    public async Task A_hidden_user_disappears_from_exports_the_feed_and_the_user_api_for_everyone_but_oversighters()
    {
        var researcher = ActorRef.User(await _api.UserAsync(ApiHarness.Unique("Researcher"), "researcher"));
        var name = ApiHarness.Unique("Jane Doe of Elm Street ");
        var labeler = ActorRef.User(await _api.UserAsync(name));
        var campaigns = _app.Services.GetRequiredService<CampaignService>();
        var key = new ArtifactKey("cswiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var campaign = (await campaigns.CreateWithTasksAsync(researcher, new CampaignDraft("cswiki", ApiHarness.Unique("Hidden labeler "), "editquality",
            CampaignView.Diff, 1, 5, TimeSpan.FromDays(1), true, null, null), [key])).OrThrow().Id;
        var workset = (await campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
        long task;
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<JadeDbContext>>().CreateDbContextAsync())
        {
            task = await db.Assignments.Where(a => a.WorksetId == workset).Select(a => a.TaskId).SingleAsync();
        }
        (await campaigns.SaveLabelAsync(labeler, workset, task, new Dictionary<string, string> { ["damaging"] = "true", ["goodfaith"] = "false" })).OrThrow();
        var oversighter = await _api.UserAsync(ApiHarness.Unique("Oversighter"), "oversight", "sysop");
        (await _app.Services.GetRequiredService<BlockService>().BlockAsync(ActorRef.User(oversighter),
            new BlockRequest(labeler.UserId!.Value, true, [], [], [], null, "abusive user name", HideUser: true))).OrThrow();
        var sysop = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Sysop"), "sysop"), Right.ViewDeleted, Right.Judge);
        var oversight = await _api.TokenAsync(oversighter, Right.ViewSuppressed, Right.ViewDeleted);

        async Task<string> ReadAsync(string url, string? token) =>
            await (await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Get, url, token))).Content.ReadAsStringAsync();
        string[] urls =
        [
            $"/api/v1/campaigns/{campaign}/export?format=wikilabels", $"/api/v1/campaigns/{campaign}/export?format=csv",
            $"/api/v1/events?artifact={key}", $"/api/v1/artifacts/{key}", $"/api/v1/users/{labeler.UserId}/contributions",
        ];
        foreach (var url in urls)
        {
            Assert.DoesNotContain(name, await ReadAsync(url, null));
            Assert.DoesNotContain(name, await ReadAsync(url, sysop));
        }
        Assert.Contains(name, await ReadAsync(urls[0], oversight));
        Assert.Contains(name, await ReadAsync(urls[2], oversight));
        Assert.DoesNotContain(name, await ReadAsync("/api/v1/events", null));
    }

    [Fact]
    public async Task Rollback_and_its_undo_through_the_api()
    {
        var vandal = await _api.UserAsync(ApiHarness.Unique("Vandal"));
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        await _api.ProposeAsync(vandal, key, damaging: false);
        var before = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/artifacts/{key}"));
        var rollbacker = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Sysop"), "sysop"), Right.Rollback);
        var from = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");
        var to = DateTimeOffset.UtcNow.AddHours(1).ToString("O");

        var performed = await PostAsync("/api/v1/rollbacks", rollbacker, $$"""{"user":{{vandal}},"from":"{{from}}","to":"{{to}}","reason":"spree"}""");
        Assert.Equal(HttpStatusCode.Created, performed.StatusCode);
        var id = (await ApiHarness.JsonAsync(performed)).GetProperty("id").GetInt64();
        var empty = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/artifacts/{key}"));
        Assert.Empty(empty.GetProperty("facets").EnumerateArray().SelectMany(f => f.GetProperty("proposals").EnumerateArray()));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/v1/rollbacks/{id}/undo", rollbacker, "")).StatusCode);
        var restored = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/artifacts/{key}"));
        Assert.Equal(before.GetProperty("facets").ToString(), restored.GetProperty("facets").ToString());
        await AssertProblemAsync(await PostAsync($"/api/v1/rollbacks/{id}/undo", rollbacker, ""), HttpStatusCode.UnprocessableEntity, "jade-invalidrollback");
        await AssertProblemAsync(await PostAsync("/api/v1/rollbacks", rollbacker, $$"""{"user":{{vandal}},"from":"{{to}}","to":"{{from}}","reason":"spree"}"""),
            HttpStatusCode.UnprocessableEntity, "jade-invalidrollback");
    }

    [Fact]
    public async Task The_artifact_etag_changes_exactly_when_what_the_reader_sees_changes()
    {
        var author = await _api.UserAsync(ApiHarness.Unique("Author"));
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var judgments = _app.Services.GetRequiredService<JudgmentService>();
        var proposal = (await judgments.ProposeOrEndorseAsync(ActorRef.User(author),
            new ProposeRequest(key, "editquality", CoreHarness.EditQuality(true, false), "reported by his sister Jane"))).OrThrow().ProposalId!.Value;
        var reporter = await _api.UserAsync(ApiHarness.Unique("Reporter"));
        var sysopUser = await _api.UserAsync(ApiHarness.Unique("Sysop"), "sysop");
        var oversighter = await _api.UserAsync(ApiHarness.Unique("Oversighter"), "oversight");
        var anonymous = _app.CreateClient();
        var sysop = _app.CreateClient();
        sysop.DefaultRequestHeaders.Authorization = new("Bearer", await _api.TokenAsync(sysopUser, Right.ViewDeleted, Right.DeleteContent));
        var visibility = _app.Services.GetRequiredService<VisibilityService>();
        var item = new ItemRef(ItemKind.Proposal, proposal);

        var publicBefore = await ApiHarness.ArtifactETagAsync(anonymous, key);
        (await _app.Services.GetRequiredService<OversightRequestService>().RequestAsync(ActorRef.User(reporter), item, HideableField.Text, "names a relative")).OrThrow();
        Assert.Equal(publicBefore, await ApiHarness.ArtifactETagAsync(anonymous, key));

        (await visibility.SetAsync(ActorRef.User(sysopUser), new(item, HideableField.Text, FieldVisibility.Deleted, "private"))).OrThrow();
        var publicDeleted = await ApiHarness.ArtifactETagAsync(anonymous, key);
        var sysopDeleted = await ApiHarness.ArtifactETagAsync(sysop, key);
        Assert.NotEqual(publicBefore, publicDeleted);

        (await visibility.SetAsync(ActorRef.User(oversighter), new(item, HideableField.Text, FieldVisibility.Suppressed, "private"))).OrThrow();
        Assert.Equal(publicDeleted, await ApiHarness.ArtifactETagAsync(anonymous, key));
        Assert.NotEqual(sysopDeleted, await ApiHarness.ArtifactETagAsync(sysop, key));
        var notModified = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/artifacts/{key}") { Headers = { { "If-None-Match", publicDeleted } } });
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }
}
