using System.Net;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>
/// A gadget on a wiki's page calls the API from the browser, as gadgets call ORES: the browser asks first (a preflight) and
/// lets the script read an answer only when the API says any origin may. Cookies never count under /api, so no answer
/// says credentials are allowed; the app's pages are not shared with other sites.
/// </summary>
public sealed class CrossOriginTests(CrossOriginTests.Factory app) : IClassFixture<CrossOriginTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Production");

    private const string Wiki = "https://cs.wikipedia.org";
    private readonly ApiHarness _api = new(app);

    [Fact]
    public async Task A_script_on_a_wiki_may_write_with_its_token_and_read_the_answer()
    {
        var client = app.CreateClient();
        var token = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Gadget"), "autoconfirmed"), Right.Judge);
        var address = $"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}/judgments";

        using var preflight = new HttpRequestMessage(HttpMethod.Options, address);
        preflight.Headers.Add("Origin", Wiki);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var allowed = await client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("*", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(allowed, "Access-Control-Allow-Methods"));
        Assert.Contains("authorization", Header(allowed, "Access-Control-Allow-Headers"));
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));

        using var write = ApiHarness.Request(HttpMethod.Post, address, token, """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false}}""");
        write.Headers.Add("Origin", Wiki);
        using var written = await client.SendAsync(write);
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.Equal("*", Header(written, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Reads_refusals_and_the_document_are_readable_from_another_site_and_name_the_headers_a_client_reads()
    {
        var client = app.CreateClient();
        foreach (var (address, status) in new[] { ("/api/v1/wikis", HttpStatusCode.OK), ("/api/v1/proposals/987654321", HttpStatusCode.NotFound), ("/api/v1/nothing-here", HttpStatusCode.NotFound), ("/openapi/v1.json", HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Add("Origin", Wiki);
            using var response = await client.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
            Assert.Contains("ETag", Header(response, "Access-Control-Expose-Headers"));
            Assert.Contains("Retry-After", Header(response, "Access-Control-Expose-Headers"));
        }
    }

    [Fact]
    public async Task The_apps_pages_are_not_shared_with_other_sites()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Origin", Wiki);
        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
