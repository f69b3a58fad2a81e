using System.Net;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>Whatever goes wrong under /api, the answer is problem+json with a stable code, in Development and in Production.</summary>
public abstract class ErrorShapeTests(JadeWebFactory app)
{
    private readonly ApiHarness _api = new(app);

    public static TheoryData<string, string, int, string> Refusals() => new()
    {
        // method, path, status, code
        { "GET", "/api/v1/wikis/enwiki/artifacts?limit=abc", 400, "badrequest" },
        { "GET", "/api/v1/wikis/enwiki/artifacts?limit=99999999999", 400, "badrequest" },
        { "GET", "/api/v1/events?user=abc", 400, "badrequest" },
        { "GET", "/api/v1/events?limit=1e3", 400, "badrequest" },
        // Every list refuses a page size outside its range instead of serving another size.
        { "GET", "/api/v1/wikis/enwiki/artifacts?limit=0", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/wikis/enwiki/artifacts?limit=501", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/search?q=revert&limit=0", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/search?q=revert&limit=201", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/campaigns/1/worksets?limit=-1", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/campaigns/1/worksets?limit=501", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/artifacts/enwiki/diff/1/history?limit=0", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/artifacts/enwiki/diff/1/history?limit=1001", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/abusefilters/log?limit=0", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/abusefilters/log?limit=501", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/logs?limit=501", 400, "jade-invalidfilter" },
        { "GET", "/api/v1/wikis/enwiki/analysis?threshold=abc", 400, "badrequest" },
        { "GET", "/api/v1/wikis/enwiki/analysis?campaign=x", 400, "badrequest" },
        { "GET", "/api/v1/users/abc/contributions", 404, "notfound" },
        // A user who does not exist is a missing item like any other, not a missing endpoint.
        { "GET", "/api/v1/users/987654321/contributions", 404, "jade-entitynotfound" },
        { "GET", "/api/v1/nothing-here", 404, "notfound" },
        { "POST", "/api/v1/nothing-here", 404, "notfound" },
        { "POST", "/api/v1/artifacts/enwiki/diff/1/nothing", 404, "notfound" },
        { "DELETE", "/api/v1/wikis", 405, "badmethod" },
        // The API's documentation page is the one page under /api: it is read, nothing else.
        { "POST", "/api", 404, "notfound" },
        { "POST", "/api/", 404, "notfound" },
        { "PUT", "/api", 404, "notfound" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_request_the_api_cannot_serve_gets_a_problem_with_a_code(string method, string path, int status, string code)
    {
        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
    }

    public static TheoryData<string, string> UnreadAddressValues() => new()
    {
        // path, the problem's detail
        { "/api/v1/wikis/enwiki/artifacts?limit=abc", "'limit' must be a whole number, not \"abc\"." },
        { "/api/v1/events?limit=99999999999", "'limit' is out of range: \"99999999999\"." },
        { "/api/v1/events?user=1e3", "'user' must be a whole number, not \"1e3\"." },
        { "/api/v1/search?q=revert&from=yesterday", "'from' must be a date and time (ISO 8601, e.g. 2026-12-31T00:00:00Z), not \"yesterday\"." },
        { "/api/v1/search?q=revert&to=2026-02-30", "'to' must be a date and time (ISO 8601, e.g. 2026-12-31T00:00:00Z), not \"2026-02-30\"." },
        { "/api/v1/abusefilters/log?filter=" + new string('9', 60), "'filter' is out of range: \"" + new string('9', 40) + "…\"." },
    };

    /// <summary>The generated endpoints refuse these with an empty 400 of their own; the answer still names the value and what it must be.</summary>
    [Theory]
    [MemberData(nameof(UnreadAddressValues))]
    public async Task An_address_value_that_does_not_read_is_named_with_the_kind_of_value_it_takes(string path, string detail)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiHarness.JsonAsync(response);
        Assert.Equal(("badrequest", detail), (problem.GetProperty("code").GetString(), problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_named_with_the_range_it_takes()
    {
        var problem = await ApiHarness.JsonAsync(await app.CreateClient().GetAsync("/api/v1/wikis/enwiki/artifacts?limit=501"));

        Assert.Equal("'limit' must be between 1 and 500.", problem.GetProperty("detail").GetString());
        Assert.Equal("limit", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_chunked_upload_over_the_limit_is_refused_with_413_and_imports_nothing()
    {
        var researcher = await _api.UserAsync(ApiHarness.Unique("Uploader"), "researcher");
        var campaign = (await app.Services.GetRequiredService<CampaignService>().CreateAsync(ActorRef.User(researcher),
            new CampaignDraft("enwiki", ApiHarness.Unique("Chunked "), "editquality", CampaignView.Diff, 1, 5, TimeSpan.FromDays(1), true, null, null))).OrThrow();
        var token = await _api.TokenAsync(researcher, Right.UploadArtifacts);
        var lines = string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{{\"rev_id\": {1_000_000 + i}}}\n"));
        var request = ApiHarness.Request(HttpMethod.Post, $"/api/v1/campaigns/{campaign.Id}/tasks", token);
        // A stream of unknown length is sent chunked: there is no Content-Length to check before reading.
        request.Content = new StreamContent(new UnknownLengthStream(System.Text.Encoding.UTF8.GetBytes(lines)));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("toolarge", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
        var summary = await ApiHarness.JsonAsync(await app.CreateClient().GetAsync($"/api/v1/campaigns/{campaign.Id}"));
        Assert.Equal(0, summary.GetProperty("tasks").GetInt32());
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_as_a_bad_request_not_a_server_error()
    {
        var response = await app.CreateClient().PostAsync("/auth/development-signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["account"] = "reviewer", ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

public sealed class DevelopmentErrorShapeTests(DevelopmentErrorShapeTests.Factory app) : ErrorShapeTests(app), IClassFixture<DevelopmentErrorShapeTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?> { ["JadeStudio:MaxUploadBytes"] = "100000" });
}

public sealed class ProductionErrorShapeTests(ProductionErrorShapeTests.Factory app) : ErrorShapeTests(app), IClassFixture<ProductionErrorShapeTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Production", new Dictionary<string, string?> { ["JadeStudio:MaxUploadBytes"] = "100000" });
}
