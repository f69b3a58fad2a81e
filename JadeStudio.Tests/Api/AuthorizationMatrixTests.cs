using System.Net;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>Every write endpoint × who calls → the status and code they get; refused calls change nothing.</summary>
public sealed class AuthorizationMatrixTests : IClassFixture<AuthorizationMatrixTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?> { ["JadeStudio:Api:WritesPerWindow"] = "100000" });

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public AuthorizationMatrixTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    public enum Caller { Anonymous, BadToken, RevokedToken, User, TokenLacksRight, SitewideBlocked, PartiallyBlocked, Sysop }

    public enum Endpoint { CreateAndEndorse, ProposeOrEndorse, UpdateNotes, DeleteProposal, SetPreferred, Endorse, UpdateEndorsement, DeleteEndorsement }

    public static TheoryData<Endpoint, Caller, int, string?> Matrix()
    {
        var data = new TheoryData<Endpoint, Caller, int, string?>();
        foreach (var endpoint in Enum.GetValues<Endpoint>())
        {
            data.Add(endpoint, Caller.Anonymous, 401, "notloggedin");
            data.Add(endpoint, Caller.BadToken, 401, "badtoken");
            data.Add(endpoint, Caller.RevokedToken, 401, "badtoken");
            data.Add(endpoint, Caller.User, endpoint == Endpoint.SetPreferred ? 403 : 200, endpoint == Endpoint.SetPreferred ? "permissiondenied" : null);
            data.Add(endpoint, Caller.TokenLacksRight, 403, "permissiondenied");
            data.Add(endpoint, Caller.SitewideBlocked, 403, "blocked");
            data.Add(endpoint, Caller.PartiallyBlocked, 403, "blocked");
            data.Add(endpoint, Caller.Sysop, 200, null);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Write_endpoint_answers_the_caller(Endpoint endpoint, Caller caller, int expectedStatus, string? expectedCode)
    {
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var (userId, token) = await CallerAsync(caller);
        // Someone else's proposal first (so it is the preferred one, to endorse), then the caller's own
        // competing one (non-preferred: theirs to edit, withdraw, delete, or make preferred), all before any block.
        var other = await _api.ProposeAsync(await _api.UserAsync(ApiHarness.Unique("Other")), key, damaging: true);
        var owner = userId ?? await _api.UserAsync(ApiHarness.Unique("Owner"));
        var own = await _api.ProposeAsync(owner, key, damaging: false);
        await BlockIfNeededAsync(caller, userId);
        var client = _app.CreateClient();
        var before = await ApiHarness.ArtifactETagAsync(client, key);

        var response = await client.SendAsync(endpoint switch
        {
            Endpoint.CreateAndEndorse => ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/{key}/proposals", token, """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false}}"""),
            Endpoint.ProposeOrEndorse => ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/{key}/judgments", token, """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false}}"""),
            Endpoint.UpdateNotes => ApiHarness.Request(HttpMethod.Patch, $"/api/v1/proposals/{own}", token, """{"notes":"new notes"}"""),
            Endpoint.DeleteProposal => ApiHarness.Request(HttpMethod.Delete, $"/api/v1/proposals/{own}", token),
            Endpoint.SetPreferred => ApiHarness.Request(HttpMethod.Post, $"/api/v1/proposals/{own}/preferred", token),
            Endpoint.Endorse => ApiHarness.Request(HttpMethod.Post, $"/api/v1/proposals/{other}/endorsements", token, """{"comment":"agree"}"""),
            Endpoint.UpdateEndorsement => ApiHarness.Request(HttpMethod.Patch, $"/api/v1/proposals/{own}/endorsements/me", token, """{"comment":"changed"}"""),
            Endpoint.DeleteEndorsement => ApiHarness.Request(HttpMethod.Delete, $"/api/v1/proposals/{own}/endorsements/me", token),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        });

        var body = await response.Content.ReadAsStringAsync();
        if (expectedCode is null)
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
            Assert.NotEqual(before, await ApiHarness.ArtifactETagAsync(client, key));
        }
        else
        {
            Assert.Equal(expectedStatus, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expectedCode, (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
            Assert.Equal(before, await ApiHarness.ArtifactETagAsync(client, key));
        }
    }

    private async Task<(long? UserId, string? Token)> CallerAsync(Caller caller)
    {
        switch (caller)
        {
            case Caller.Anonymous:
                return (null, null);
            case Caller.BadToken:
                return (null, "jade_not-a-real-token");
            case Caller.RevokedToken:
                {
                    var id = await _api.UserAsync(ApiHarness.Unique("Revoked"));
                    var token = await _api.TokenAsync(id, Right.Judge);
                    await _api.RevokeAllAsync(id);
                    return (id, token);
                }
            case Caller.User:
                {
                    var id = await _api.UserAsync(ApiHarness.Unique("User"));
                    return (id, await _api.TokenAsync(id, Right.Judge, Right.Comment));
                }
            case Caller.TokenLacksRight:
                {
                    var id = await _api.UserAsync(ApiHarness.Unique("Narrow"), "sysop");
                    return (id, await _api.TokenAsync(id, Right.Comment));
                }
            case Caller.SitewideBlocked or Caller.PartiallyBlocked:
                {
                    var id = await _api.UserAsync(ApiHarness.Unique("Blocked"), "sysop");
                    return (id, await _api.TokenAsync(id, Right.Judge, Right.SetPreferred, Right.EditOthersJudgments));
                }
            case Caller.Sysop:
                {
                    var id = await _api.UserAsync(ApiHarness.Unique("Sysop"), "sysop");
                    return (id, await _api.TokenAsync(id, Right.Judge, Right.SetPreferred, Right.EditOthersJudgments));
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(caller));
        }
    }

    private async Task BlockIfNeededAsync(Caller caller, long? userId)
    {
        if (caller == Caller.SitewideBlocked)
        {
            await _api.BlockAsync(userId!.Value, sitewide: true);
        }
        else if (caller == Caller.PartiallyBlocked)
        {
            await _api.BlockAsync(userId!.Value, sitewide: false, wikis: ["enwiki"], actions: [BlockAction.Judge]);
        }
    }

    [Fact]
    public async Task A_block_error_carries_the_block_details()
    {
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var id = await _api.UserAsync(ApiHarness.Unique("Detail"));
        var token = await _api.TokenAsync(id, Right.Judge);
        await _api.BlockAsync(id, sitewide: false, wikis: ["enwiki"], actions: [BlockAction.Judge]);

        var response = await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/{key}/judgments", token, """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false}}"""));

        var block = (await ApiHarness.JsonAsync(response)).GetProperty("block");
        Assert.False(block.GetProperty("sitewide").GetBoolean());
        Assert.Equal("enwiki", block.GetProperty("wikis")[0].GetString());
        Assert.Equal("judge", block.GetProperty("actions")[0].GetString());
        Assert.Equal("api test block", block.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_right_lost_after_the_token_was_made_is_lost_for_the_token_too()
    {
        var groups = (JadeStudio.Core.Users.GroupService)_app.Services.GetService(typeof(JadeStudio.Core.Users.GroupService))!;
        var bureaucrat = await _api.UserAsync(ApiHarness.Unique("Crat"), "bureaucrat");
        var id = await _api.UserAsync("Demoted", "sysop");
        var token = await _api.TokenAsync(id, Right.Judge, Right.SetPreferred);
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        await _api.ProposeAsync(await _api.UserAsync(ApiHarness.Unique("First")), key, damaging: false);
        var other = await _api.ProposeAsync(await _api.UserAsync(ApiHarness.Unique("Second")), key, damaging: true);

        (await groups.RemoveAsync(ActorRef.User(bureaucrat), id, "sysop", "no longer needed")).OrThrow();
        var response = await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/proposals/{other}/preferred", token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("setpreferred", (await ApiHarness.JsonAsync(response)).GetProperty("right").GetString());
    }
}
