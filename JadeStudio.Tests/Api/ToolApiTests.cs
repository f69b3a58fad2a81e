using System.Net;
using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Permissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>What people do in the UI, tools do through /api/v1, with the same checks: blocks, campaigns, worksets, groups, tokens.</summary>
public sealed class ToolApiTests : IClassFixture<ToolApiTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?> { ["JadeStudio:Api:WritesPerWindow"] = "100000" });

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public ToolApiTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token, string? json = null) =>
        await _app.CreateClient().SendAsync(ApiHarness.Request(method, url, token, json));

    private static async Task<string?> CodeOf(HttpResponseMessage response) => (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString();

    [Fact]
    public async Task A_block_placed_through_the_api_stops_the_user_and_is_listed_until_lifted()
    {
        var sysop = await _api.UserAsync(ApiHarness.Unique("ApiSysop"), "sysop");
        var sysopToken = await _api.TokenAsync(sysop, Right.Block);
        var target = await _api.UserAsync(ApiHarness.Unique("ApiTarget"));
        var targetToken = await _api.TokenAsync(target, Right.Judge);

        var placed = await SendAsync(HttpMethod.Post, "/api/v1/blocks", sysopToken,
            $$"""{"user":{{target}},"sitewide":false,"wikis":["enwiki"],"actions":["judge"],"reason":"edit warring"}""");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var block = await ApiHarness.JsonAsync(placed);
        Assert.Equal(["judge"], block.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));

        var refused = await SendAsync(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}/judgments", targetToken,
            """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("blocked", await CodeOf(refused));
        var listed = await ApiHarness.JsonAsync(await SendAsync(HttpMethod.Get, "/api/v1/blocks", null));
        Assert.Contains(listed.EnumerateArray(), b => b.GetProperty("id").GetInt64() == block.GetProperty("id").GetInt64());

        var withoutReason = await SendAsync(HttpMethod.Post, $"/api/v1/blocks/{block.GetProperty("id").GetInt64()}/lift", sysopToken, """{"reason":" "}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutReason.StatusCode);
        var lifted = await SendAsync(HttpMethod.Post, $"/api/v1/blocks/{block.GetProperty("id").GetInt64()}/lift", sysopToken, """{"reason":"talked it through"}""");
        Assert.Equal(HttpStatusCode.NoContent, lifted.StatusCode);
        var accepted = await SendAsync(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}/judgments", targetToken,
            """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}""");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Placing_a_block_needs_the_block_right_in_the_token()
    {
        var sysop = await _api.UserAsync(ApiHarness.Unique("ApiSysop"), "sysop");
        var judgeOnly = await _api.TokenAsync(sysop, Right.Judge);
        var target = await _api.UserAsync(ApiHarness.Unique("ApiTarget"));

        var response = await SendAsync(HttpMethod.Post, "/api/v1/blocks", judgeOnly, $$"""{"user":{{target}},"sitewide":true,"reason":"x"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("permissiondenied", await CodeOf(response));
    }

    [Fact]
    public async Task A_tool_runs_a_campaign_from_creation_to_a_label_a_skip_and_giving_back()
    {
        var researcher = await _api.UserAsync(ApiHarness.Unique("ApiResearcher"), "researcher", "autoconfirmed");
        var token = await _api.TokenAsync(researcher, Right.CreateCampaign, Right.UploadArtifacts, Right.Judge);
        var name = ApiHarness.Unique("Tool campaign ");

        var created = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", token,
            $$"""{"wiki":"enwiki","name":"{{name}}","form":"editquality","labelsPerTask":1,"tasksPerWorkset":3}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaign = (await ApiHarness.JsonAsync(created)).GetProperty("id").GetInt64();
        var duplicate = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", token, $$"""{"wiki":"enwiki","name":"{{name}}","form":"editquality"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        var upload = ApiHarness.Request(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/tasks", token, "901\n902\n903\n904\n", "text/plain");
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().SendAsync(upload)).StatusCode);

        var requested = await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/worksets", token);
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var workset = await ApiHarness.JsonAsync(requested);
        var id = workset.GetProperty("id").GetInt64();
        var tasks = workset.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("task").GetInt64()).ToList();
        Assert.Equal(3, tasks.Count);
        var second = await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/worksets", token);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        var label = await SendAsync(HttpMethod.Post, $"/api/v1/worksets/{id}/labels", token, $$$"""{"task":{{{tasks[0]}}},"answers":{"damaging":"true","goodfaith":"false"}}""");
        Assert.Equal(HttpStatusCode.OK, label.StatusCode);
        Assert.True((await ApiHarness.JsonAsync(label)).GetProperty("complete").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, $"/api/v1/worksets/{id}/skips", token, $$"""{"task":{{tasks[1]}}}""")).StatusCode);
        var state = await ApiHarness.JsonAsync(await SendAsync(HttpMethod.Get, $"/api/v1/worksets/{id}", token));
        Assert.Equal((1, 1), (state.GetProperty("labeled").GetInt32(), state.GetProperty("skipped").GetInt32()));
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, $"/api/v1/worksets/{id}/abandon", token)).StatusCode);

        // One's worksets in the campaign, the one given back with its label.
        var mine = await ApiHarness.JsonAsync(await SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{campaign}/worksets", token));
        Assert.Equal(1, mine.GetProperty("total").GetInt32());
        var listed = mine.GetProperty("worksets").EnumerateArray().Single();
        Assert.Equal((id, 1, "abandoned", false, 3, 1, 1, $"/api/v1/worksets/{id}"), (listed.GetProperty("id").GetInt64(), listed.GetProperty("number").GetInt32(),
            listed.GetProperty("status").GetString(), listed.GetProperty("changeable").GetBoolean(), listed.GetProperty("tasks").GetInt32(),
            listed.GetProperty("labeled").GetInt32(), listed.GetProperty("skipped").GetInt32(), listed.GetProperty("url").GetString()));

        // Someone else's workset is not there for them; deactivating closes the campaign to new worksets.
        var other = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Other")), Right.Judge);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/v1/worksets/{id}", other)).StatusCode);
        Assert.Equal(0, (await ApiHarness.JsonAsync(await SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{campaign}/worksets", other))).GetProperty("total").GetInt32());
        var unknownCampaign = await SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{campaign + 1000}/worksets", token);
        Assert.Equal(HttpStatusCode.NotFound, unknownCampaign.StatusCode);
        Assert.Equal("application/problem+json", unknownCampaign.Content.Headers.ContentType!.MediaType);
        var anonymous = await _app.CreateClient().GetAsync(new Uri($"/api/v1/campaigns/{campaign}/worksets", UriKind.Relative));
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var updated = await SendAsync(HttpMethod.Put, $"/api/v1/campaigns/{campaign}", token,
            $$"""{"wiki":"enwiki","name":"{{name}}","form":"editquality","tasksPerWorkset":3,"active":false}""");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.False((await ApiHarness.JsonAsync(updated)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/worksets", other)).StatusCode);
    }

    [Fact]
    public async Task Group_changes_through_the_api_need_managegroups_and_take_effect()
    {
        var bureaucrat = await _api.UserAsync(ApiHarness.Unique("ApiBureaucrat"), "bureaucrat");
        var token = await _api.TokenAsync(bureaucrat, Right.ManageGroups);
        var user = await _api.UserAsync(ApiHarness.Unique("Promoted"));
        var userToken = await _api.TokenAsync(user, Right.Judge);

        var refused = await SendAsync(HttpMethod.Post, $"/api/v1/users/{bureaucrat}/groups", userToken, """{"add":["sysop"],"reason":"me"}""");
        var added = await SendAsync(HttpMethod.Post, $"/api/v1/users/{user}/groups", token, """{"add":["researcher"],"reason":"runs a study"}""");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/v1/campaigns", await _api.TokenAsync(user, Right.CreateCampaign),
            $$"""{"wiki":"enwiki","name":"{{ApiHarness.Unique("Promoted campaign ")}}","form":"editquality"}""")).StatusCode);
    }

    [Fact]
    public async Task A_group_change_with_one_refused_part_changes_nothing()
    {
        var bureaucrat = await _api.UserAsync(ApiHarness.Unique("ApiBureaucrat"), "bureaucrat");
        var token = await _api.TokenAsync(bureaucrat, Right.ManageGroups);
        var user = await _api.UserAsync(ApiHarness.Unique("Untouched"));

        var refused = await SendAsync(HttpMethod.Post, $"/api/v1/users/{user}/groups", token, """{"add":["researcher","no-such-group"],"reason":"test"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("jade-invalidgroupchange", await CodeOf(refused));
        var userToken = await _api.TokenAsync(user, Right.Judge);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/v1/campaigns", userToken,
            $$"""{"wiki":"enwiki","name":"{{ApiHarness.Unique("Not promoted ")}}","form":"editquality"}""")).StatusCode);
    }

    [Theory]
    [InlineData("blocks", """{"user":1,"sitewide":false,"wikis":[null],"reason":"x"}""")]
    [InlineData("blocks", """{"user":1,"sitewide":false,"artifacts":[null],"reason":"x"}""")]
    [InlineData("blocks", """{"user":1,"sitewide":false,"actions":[null],"reason":"x"}""")]
    [InlineData("groups", """{"add":[null],"reason":"x"}""")]
    [InlineData("groups", """{"remove":[null],"reason":"x"}""")]
    [InlineData("groups", """{"add":null,"reason":"x"}""")]
    [InlineData("labels", """{"task":1,"answers":{"damaging":null}}""")]
    public async Task Null_where_a_value_belongs_is_a_bad_request_not_a_server_error(string endpoint, string body)
    {
        var sysop = await _api.UserAsync(ApiHarness.Unique("NullSysop"), "sysop", "bureaucrat");
        var token = await _api.TokenAsync(sysop, Right.Block, Right.ManageGroups, Right.Judge);
        var url = endpoint switch
        {
            "blocks" => "/api/v1/blocks",
            "groups" => $"/api/v1/users/{sysop}/groups",
            _ => "/api/v1/worksets/1/labels",
        };

        var response = await SendAsync(HttpMethod.Post, url, token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("badrequest", await CodeOf(response));
    }

    [Fact]
    public async Task A_token_can_be_listed_and_revoked_through_the_api_and_is_refused_afterwards()
    {
        var user = await _api.UserAsync(ApiHarness.Unique("TokenOwner"));
        var token = await _api.TokenAsync(user, Right.Judge);
        var tokens = await ApiHarness.JsonAsync(await SendAsync(HttpMethod.Get, "/api/v1/tokens", token));
        var id = tokens.EnumerateArray().Single().GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/v1/tokens/{id}", token)).StatusCode);

        var after = await SendAsync(HttpMethod.Get, "/api/v1/tokens", token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("badtoken", await CodeOf(after));
    }

    [Fact]
    public async Task An_expired_token_is_refused_like_a_revoked_one()
    {
        var user = await _api.UserAsync(ApiHarness.Unique("Expiring"));
        var tokens = _app.Services.GetRequiredService<ApiTokenService>();
        (await _app.Services.GetRequiredService<JadeStudio.Core.Dumps.RedactionTerms>().AcceptAsync(ActorRef.User(user))).OrThrow();
        var later = (await tokens.CreateAsync(ActorRef.User(user), "later", [Right.Judge], expiresAt: DateTimeOffset.UtcNow.AddDays(30))).OrThrow();
        // Expired since: the clock is the app's own (the Core test moves a test clock past an expiry).
        var expired = (await tokens.CreateAsync(ActorRef.User(user), "expired", [Right.Judge])).OrThrow();
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>().CreateDbContextAsync())
        {
            await db.ApiTokens.Where(t => t.Id == expired.Token.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var refused = await SendAsync(HttpMethod.Get, "/api/v1/tokens", expired.Secret);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/v1/tokens", later.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("badtoken", await CodeOf(refused));
    }
}
