using System.Net;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>Abuse filters over HTTP: managed through the API, never bypassed by writing through it, throttles answer 429.</summary>
public sealed class AbuseFilterApiTests(AbuseFilterApiTests.Factory app) : IClassFixture<AbuseFilterApiTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?> { ["JadeStudio:Api:WritesPerWindow"] = "100000" });

    private readonly ApiHarness _api = new(app);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? json = null) =>
        await app.CreateClient().SendAsync(ApiHarness.Request(method, path, token, json));

    private async Task<(string Admin, string Writer, string Marker)> SetUpAsync(string action, bool isPrivate = false)
    {
        var marker = ApiHarness.Unique("spamword");
        var admin = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("FilterSysop"), "sysop"), Right.AbuseFilterModify, Right.AbuseFilterViewPrivate, Right.AbuseFilterLog);
        var created = await SendAsync(HttpMethod.Post, "/api/v1/abusefilters", admin,
            $$"""{"description":"Spam {{marker}}","words":["{{marker}}"],"action":"{{action}}","throttleCount":1,"throttleSeconds":600,"private":{{(isPrivate ? "true" : "false")}}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var writer = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Writer")), Right.Judge, Right.Comment, Right.AbuseFilterLog);
        return (admin, writer, marker);
    }

    private Task<HttpResponseMessage> CommentAsync(string token, string text) =>
        SendAsync(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}/threads", token, $$"""{"title":"About this edit","text":"{{text}}"}""");

    [Theory]
    [InlineData(0, HttpStatusCode.BadRequest)]
    [InlineData(1001, HttpStatusCode.BadRequest)]
    [InlineData(1000, HttpStatusCode.OK)]
    public async Task A_test_reads_from_1_to_1000_recent_texts_and_refuses_other_counts(int count, HttpStatusCode status)
    {
        var (admin, _, marker) = await SetUpAsync("warn");

        var response = await SendAsync(HttpMethod.Post, "/api/v1/abusefilters/test", admin, $$"""{"description":"Draft","words":["{{marker}}"],"action":"warn","count":{{count}}}""");

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.BadRequest)
        {
            Assert.Equal("count must be between 1 and 1000.", (await ApiHarness.JsonAsync(response)).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_filter_cannot_be_bypassed_through_the_api_for_any_text()
    {
        var (_, writer, marker) = await SetUpAsync("disallow");
        var key = $"enwiki/diff/{ApiHarness.UniqueRevId()}";

        var comment = await CommentAsync(writer, $"visit {marker} now");
        var notes = await SendAsync(HttpMethod.Post, $"/api/v1/artifacts/{key}/proposals", writer, $$"""{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false},"notes":"{{marker}}"}""");

        foreach (var refused in new[] { comment, notes })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.Equal("jade-abusefilter-disallowed", (await ApiHarness.JsonAsync(refused)).GetProperty("code").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/api/v1/artifacts/{key}", writer)).StatusCode);
        Assert.Equal(0, (await ApiHarness.JsonAsync(await SendAsync(HttpMethod.Get, $"/api/v1/artifacts/{key}", writer))).GetProperty("facets").EnumerateArray()
            .Sum(f => f.GetProperty("proposals").GetArrayLength()));
    }

    [Fact]
    public async Task A_throttled_user_gets_429_with_Retry_After()
    {
        var (_, writer, marker) = await SetUpAsync("throttle");

        var first = await CommentAsync(writer, $"one {marker}");
        var second = await CommentAsync(writer, $"two {marker}");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Equal("ratelimited", (await ApiHarness.JsonAsync(second)).GetProperty("code").GetString());
        Assert.InRange(second.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 590, 600);
    }

    [Fact]
    public async Task A_warning_is_answered_and_the_same_text_sent_again_is_saved()
    {
        var (_, writer, marker) = await SetUpAsync("warn");

        var warned = await CommentAsync(writer, $"honest {marker} review");
        var again = await SendAsync(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}/threads", writer, $$"""{"title":"About this edit","text":"honest {{marker}} review"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, warned.StatusCode);
        Assert.Equal("jade-abusefilter-warning", (await ApiHarness.JsonAsync(warned)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    /// <summary>
    /// The log pages with <c>next</c> and reads one author's hits; a hit of a comment whose author's name was then deleted
    /// names nobody to those who may not see it (it is left out), and is still there for those who may.
    /// </summary>
    [Fact]
    public async Task The_log_pages_reads_one_author_and_leaves_out_a_hit_whose_authors_name_was_hidden_on_the_saved_comment()
    {
        var (admin, writer, marker) = await SetUpAsync("warn");
        var tagging = await SendAsync(HttpMethod.Post, "/api/v1/abusefilters", admin, $$"""{"description":"Tagged","words":["{{marker}}tag"],"action":"tag","tag":"possible-spam"}""");
        Assert.Equal(HttpStatusCode.Created, tagging.StatusCode);
        marker += "tag";
        var writerName = ApiHarness.Unique("Tagged Writer");
        var tagged = await _api.TokenAsync(await _api.UserAsync(writerName), Right.Comment);
        var thread = await ApiHarness.JsonAsync(await CommentAsync(tagged, $"first {marker}"));
        Assert.Equal(HttpStatusCode.Created, (await CommentAsync(tagged, $"second {marker}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CommentAsync(writer, $"third {marker}")).StatusCode);
        var sysop = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("LogSysop"), "sysop"), Right.DeleteContent, Right.ViewDeleted, Right.AbuseFilterLog);
        var user = Uri.EscapeDataString(writerName);
        async Task<(string[] Authors, string? Next)> ReadAsync(string query, string? token)
        {
            var response = await SendAsync(HttpMethod.Get, "/api/v1/abusefilters/log?" + query, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await ApiHarness.JsonAsync(response);
            return ([.. page.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("user").GetProperty("name").GetString()!)],
                page.TryGetProperty("next", out var next) ? next.GetString() : null);
        }

        var (first, next) = await ReadAsync($"user={user}&limit=1", null);
        var (second, last) = await ReadAsync($"user={user}&limit=1&cursor={next}", null);
        Assert.Equal([writerName], first);
        Assert.Equal([writerName], second);
        Assert.NotNull(next);
        Assert.Null(last);
        var comment = thread.GetProperty("comments")[0].GetProperty("id").GetInt64();
        var hidden = await SendAsync(HttpMethod.Post, "/api/v1/visibility", sysop, $$"""{"kind":"comment","id":{{comment}},"field":"user","level":"deleted","reason":"private"}""");
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);

        Assert.Equal([writerName], (await ReadAsync($"user={user}", null)).Authors);
        Assert.Equal([writerName, writerName], (await ReadAsync($"user={user}", sysop)).Authors);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/api/v1/abusefilters/log?cursor=not-a-cursor", admin)).StatusCode);
    }

    [Fact]
    public async Task The_public_log_and_filter_list_keep_a_private_filters_details()
    {
        var (admin, writer, marker) = await SetUpAsync("disallow", isPrivate: true);
        await CommentAsync(writer, $"my neighbour's phone {marker}");

        var publicLog = await (await SendAsync(HttpMethod.Get, "/api/v1/abusefilters/log", writer)).Content.ReadAsStringAsync();
        var publicList = await (await SendAsync(HttpMethod.Get, "/api/v1/abusefilters", writer)).Content.ReadAsStringAsync();
        var adminLog = await (await SendAsync(HttpMethod.Get, "/api/v1/abusefilters/log", admin)).Content.ReadAsStringAsync();

        Assert.DoesNotContain(marker, publicLog, StringComparison.Ordinal);
        Assert.DoesNotContain("neighbour", publicLog, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{marker}\"", publicList, StringComparison.Ordinal);
        Assert.Contains("my neighbour's phone", adminLog, StringComparison.Ordinal);
        var anonymous = await SendAsync(HttpMethod.Post, "/api/v1/abusefilters", null, """{"description":"x","pattern":"x","action":"disallow"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Bad_filters_get_a_named_problem()
    {
        var admin = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("FilterSysop"), "sysop"), Right.AbuseFilterModify);

        var badPattern = await SendAsync(HttpMethod.Post, "/api/v1/abusefilters", admin, """{"description":"x","pattern":"(oops","action":"disallow"}""");
        var badAction = await SendAsync(HttpMethod.Post, "/api/v1/abusefilters", admin, """{"description":"x","pattern":"x","action":"explode"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badPattern.StatusCode);
        Assert.Equal("badPattern", (await ApiHarness.JsonAsync(badPattern)).GetProperty("problem").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        // Longer than the store holds, or numbers no author matches: named refusals, never a server error.
        var longDescription = await SendAsync(HttpMethod.Post, "/api/v1/abusefilters", admin, $$"""{"description":"{{new string('x', 300)}}","pattern":"x","action":"disallow"}""");
        var zeroAge = await SendAsync(HttpMethod.Post, "/api/v1/abusefilters", admin, """{"description":"x","pattern":"x","maxAccountAgeDays":0,"action":"disallow"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, longDescription.StatusCode);
        Assert.Equal("description", (await ApiHarness.JsonAsync(longDescription)).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zeroAge.StatusCode);
        Assert.Equal("notPositive", (await ApiHarness.JsonAsync(zeroAge)).GetProperty("problem").GetString());
    }
}
