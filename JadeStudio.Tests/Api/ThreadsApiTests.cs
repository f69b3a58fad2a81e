using System.Net;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

public sealed class ThreadsApiTests : IClassFixture<ThreadsApiTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?>
    {
        ["JadeStudio:Api:WritesPerWindow"] = "100000",
        ["JadeStudio:Discussions:PostsPerMinute"] = "5",
    });

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public ThreadsApiTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    private static ArtifactKey NewArtifact() => new("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());

    private async Task<(long User, string Token)> CommenterAsync(params string[] groups)
    {
        var user = await _api.UserAsync(ApiHarness.Unique("Commenter"), groups);
        return (user, await _api.TokenAsync(user, Right.Comment));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token, string? json = null, string? ifMatch = null)
    {
        var request = ApiHarness.Request(method, url, token, json);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await _app.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_thread_is_started_answered_edited_with_if_match_and_resolved_through_the_API()
    {
        var key = NewArtifact();
        var (alice, aliceToken) = await CommenterAsync();
        var (_, bobToken) = await CommenterAsync();

        var started = await SendAsync(HttpMethod.Post, $"/api/v1/artifacts/{key}/threads", aliceToken, """{"title": "Vandalism?", "text": "It blanks the *lead*."}""");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var thread = await ApiHarness.JsonAsync(started);
        var threadId = thread.GetProperty("id").GetInt64();
        var post = thread.GetProperty("comments")[0];
        var postId = post.GetProperty("id").GetInt64();

        var replied = await SendAsync(HttpMethod.Post, $"/api/v1/threads/{threadId}/comments", bobToken, $$"""{"text": "Agreed.", "parentId": {{postId}}}""");
        var stale = await SendAsync(HttpMethod.Patch, $"/api/v1/comments/{postId}", aliceToken, """{"text": "It blanks the lead section."}""", ifMatch: $"\"c{postId}.99\"");
        var edited = await SendAsync(HttpMethod.Patch, $"/api/v1/comments/{postId}", aliceToken, """{"text": "It blanks the lead section."}""", ifMatch: post.GetProperty("etag").GetString());
        var byOther = await SendAsync(HttpMethod.Patch, $"/api/v1/comments/{postId}", bobToken, """{"text": "Bob was here"}""");
        var resolved = await SendAsync(HttpMethod.Post, $"/api/v1/threads/{threadId}/resolved", bobToken, """{"resolved": true}""");
        var list = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/artifacts/{key}/threads"));

        Assert.Equal(HttpStatusCode.Created, replied.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var read = Assert.Single(list.EnumerateArray());
        Assert.Equal("Vandalism?", read.GetProperty("title").GetString());
        Assert.Equal(alice, read.GetProperty("author").GetProperty("id").GetInt64());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, read.GetProperty("resolvedAt").ValueKind);
        var readPost = read.GetProperty("comments")[0];
        Assert.Equal("It blanks the lead section.", readPost.GetProperty("text").GetString());
        Assert.Equal("It blanks the *lead*.", readPost.GetProperty("history")[0].GetProperty("text").GetString());
        Assert.Equal("Agreed.", readPost.GetProperty("replies")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Bad_calls_get_problems_with_stable_codes_and_store_nothing()
    {
        var key = NewArtifact();
        var (_, token) = await CommenterAsync();
        var (blocked, blockedToken) = await CommenterAsync();
        await _api.BlockAsync(blocked, false, ["enwiki"], [BlockAction.Comment]);
        var url = $"/api/v1/artifacts/{key}/threads";

        var cases = new (HttpResponseMessage Response, HttpStatusCode Status, string Code)[]
        {
            (await SendAsync(HttpMethod.Post, url, null, """{"title": "t", "text": "x"}"""), HttpStatusCode.Unauthorized, "notloggedin"),
            (await SendAsync(HttpMethod.Post, url, token, """{"title": "t", "text": "  "}"""), HttpStatusCode.UnprocessableEntity, "jade-emptytext"),
            // A title or text of characters that draw nothing (zero-width spaces, a right-to-left override) is empty.
            (await SendAsync(HttpMethod.Post, url, token, """{"title": "\u200B\u202E", "text": "x"}"""), HttpStatusCode.UnprocessableEntity, "jade-emptytext"),
            (await SendAsync(HttpMethod.Post, url, token, """{"title": "t", "text": "\u200B \uFEFF"}"""), HttpStatusCode.UnprocessableEntity, "jade-emptytext"),
            (await SendAsync(HttpMethod.Post, url, token, """{"title": "t", "text": "x", "subject": "nonsense"}"""), HttpStatusCode.BadRequest, "badrequest"),
            (await SendAsync(HttpMethod.Post, url, token, """{"title": "t", "text": "x", "subject": "proposal", "subjectId": 999999}"""), HttpStatusCode.NotFound, "jade-entitynotfound"),
            (await SendAsync(HttpMethod.Post, url, token, """{"title": "t"}"""), HttpStatusCode.BadRequest, "badrequest"),
            (await SendAsync(HttpMethod.Post, url, blockedToken, """{"title": "t", "text": "x"}"""), HttpStatusCode.Forbidden, "blocked"),
            (await SendAsync(HttpMethod.Post, "/api/v1/threads/999999/comments", token, """{"text": "x"}"""), HttpStatusCode.NotFound, "jade-entitynotfound"),
            (await SendAsync(HttpMethod.Patch, "/api/v1/comments/999999", token, """{"text": "x"}"""), HttpStatusCode.NotFound, "jade-entitynotfound"),
        };

        foreach (var (response, status, code) in cases)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
        }
        Assert.Empty((await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync(url))).EnumerateArray());
    }

    [Fact]
    public async Task Posting_too_fast_answers_429_with_retry_after()
    {
        var key = NewArtifact();
        var (_, token) = await CommenterAsync();
        var threadId = (await ApiHarness.JsonAsync(await SendAsync(HttpMethod.Post, $"/api/v1/artifacts/{key}/threads", token, """{"title": "t", "text": "1"}"""))).GetProperty("id").GetInt64();
        for (var i = 2; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, $"/api/v1/threads/{threadId}/comments", token, $$"""{"text": "{{i}}"}""")).StatusCode);
        }

        var sixth = await SendAsync(HttpMethod.Post, $"/api/v1/threads/{threadId}/comments", token, """{"text": "6"}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.NotNull(sixth.Headers.RetryAfter);
        Assert.Equal("ratelimited", (await ApiHarness.JsonAsync(sixth)).GetProperty("code").GetString());
        var thread = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/threads/{threadId}"));
        Assert.Equal(5, thread.GetProperty("comments").GetArrayLength());
    }

    [Fact]
    public async Task A_suppressed_comment_is_withheld_from_readers_without_viewsuppressed()
    {
        var key = NewArtifact();
        var (_, token) = await CommenterAsync();
        var thread = await ApiHarness.JsonAsync(await SendAsync(HttpMethod.Post, $"/api/v1/artifacts/{key}/threads", token, """{"title": "t", "text": "private phone number 555-0199"}"""));
        var commentId = thread.GetProperty("comments")[0].GetProperty("id").GetInt64();
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<JadeDbContext>>().CreateDbContextAsync())
        {
            var textId = await db.Comments.Where(c => c.Id == commentId).Select(c => c.TextId).SingleAsync();
            (await db.Texts.SingleAsync(t => t.Id == textId)).Visibility = JadeStudio.Core.Visibility.FieldVisibility.Suppressed;
            await db.SaveChangesAsync();
        }
        var oversighter = await _api.UserAsync(ApiHarness.Unique("Oversighter"), "oversight");
        var oversightToken = await _api.TokenAsync(oversighter, Right.ViewSuppressed);

        var anonymous = await (await _app.CreateClient().GetAsync($"/api/v1/artifacts/{key}/threads")).Content.ReadAsStringAsync();
        var privileged = await (await SendAsync(HttpMethod.Get, $"/api/v1/artifacts/{key}/threads", oversightToken)).Content.ReadAsStringAsync();

        Assert.DoesNotContain("555-0199", anonymous);
        Assert.Contains("\"textHidden\":true", anonymous);
        Assert.Contains("555-0199", privileged);
    }
}
