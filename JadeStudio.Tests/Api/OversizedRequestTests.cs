using System.Net;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>
/// An address or headers too large are refused as problem+json under /api, as every other error. Read from the app in a
/// process of its own: Kestrel, not the in-process test server, is what refused them before with an empty answer.
/// </summary>
public sealed class OversizedRequestTests
{
    private static string Filler(int length) => new('a', length);

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string code, int limit)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(limit, problem.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task An_address_or_headers_too_large_are_refused_as_problems_and_change_nothing()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["JadeStudio__DemoData__Enabled"] = "false" });
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        Assert.True((await JadeWebFactory.SignInAsync(browser, "reviewer")).IsSuccessStatusCode);
        var (exit, output, error) = await OperatorCommand.RunAsync(app.DataDirectory, app.SharedDatabaseSettings, "token", "create", "--user", "Dev Reviewer", "--rights", "judge", "--accept-redaction-terms");
        Assert.True(exit == 0, error);
        var token = output.Trim();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        const string judgment = """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false}}""";

        // The limit is the address's length: just under it is read, one past it and far past it (beyond Kestrel's own default) refused.
        var underLimit = "/api/v1/events?x=";
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(underLimit + Filler(8 * 1024 - underLimit.Length))).StatusCode);
        await AssertProblemAsync(await http.GetAsync(underLimit + Filler(8 * 1024 - underLimit.Length + 1)), 414, "uritoolong", 8 * 1024);
        await AssertProblemAsync(await http.GetAsync(underLimit + Filler(60_000)), 414, "uritoolong", 8 * 1024);

        // A write with a long address stores nothing.
        await AssertProblemAsync(await http.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/artifacts/enwiki/diff/9001/proposals?note=" + Filler(20_000), token, judgment)), 414, "uritoolong", 8 * 1024);
        Assert.Equal(0, await ProposalCountAsync(http));

        // Headers: their bytes, and their number.
        using (var large = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events"))
        {
            large.Headers.Add("X-Filler", Filler(40_000));
            await AssertProblemAsync(await http.SendAsync(large), 431, "headerstoolarge", 32 * 1024);
        }
        using (var many = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events"))
        {
            for (var i = 0; i < 150; i++)
            {
                many.Headers.Add($"X-Filler-{i}", "1");
            }
            await AssertProblemAsync(await http.SendAsync(many), 431, "headerstoolarge", 32 * 1024);
        }

        // A body that stops arriving (Kestrel reads at least 240 bytes a second after the first 5 seconds) is refused as
        // too slow, not as unreadable, and stores nothing.
        var slow = await SlowBodyAnswerAsync(app.BaseAddress, token);
        Assert.StartsWith("HTTP/1.1 408 ", slow, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", slow, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"requesttimeout\"", slow, StringComparison.Ordinal);
        Assert.Contains("\"minBytesPerSecond\":240", slow, StringComparison.Ordinal);
        Assert.Equal(0, await ProposalCountAsync(http));

        // A page is refused with the same status (no problem document outside /api).
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await http.GetAsync("/campaigns?x=" + Filler(20_000))).StatusCode);
        // The write itself, with a short address, is taken: the refusals above were for their size alone.
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/artifacts/enwiki/diff/9001/proposals", token, judgment))).StatusCode);
        Assert.Equal(1, await ProposalCountAsync(http));
    }

    /// <summary>A judgment whose body sends its first bytes of the 1,000 it announces and no more: the raw answer, head and body.</summary>
    private static async Task<string> SlowBodyAnswerAsync(Uri app, string token)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(app.Host, app.Port);
        var stream = client.GetStream();
        var request = $"POST /api/v1/artifacts/enwiki/diff/9001/proposals HTTP/1.1\r\nHost: {app.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"facet\":";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        // The server closes the connection after its answer, so the answer is all there is to read.
        return await reader.ReadToEndAsync(timeout.Token);
    }

    private static async Task<int> ProposalCountAsync(HttpClient http)
    {
        var artifact = await ApiHarness.JsonAsync(await http.GetAsync("/api/v1/artifacts/enwiki/diff/9001"));
        return artifact.GetProperty("facets").EnumerateArray().Sum(facet => facet.GetProperty("proposals").GetArrayLength());
    }
}
