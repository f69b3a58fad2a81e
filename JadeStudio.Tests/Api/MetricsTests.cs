using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>
/// /metrics in Prometheus's format after a scripted sequence of actions, read from an app in a process of its own (the
/// counters are the process's: other tests' apps in this process would add to them).
/// </summary>
public sealed partial class MetricsTests
{
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex Sample();

    /// <summary>The value of the one series with this name whose labels include all of <paramref name="labels"/> (null: no such series).</summary>
    private static double? Value(string scrape, string name, params string[] labels)
    {
        var values = Sample().Matches(scrape)
            .Where(m => m.Groups["name"].Value == name && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)).ToList();
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new InvalidOperationException($"{values.Count} series of {name} match {string.Join(", ", labels)}."),
        };
    }

    [Fact]
    public async Task The_named_series_count_what_was_done()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["JadeStudio__DemoData__Enabled"] = "false" });
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        Assert.True((await JadeWebFactory.SignInAsync(browser, "reviewer")).IsSuccessStatusCode);
        Assert.True((await JadeWebFactory.SignInAsync(browser, "oversighter")).IsSuccessStatusCode);
        var reviewer = await TokenAsync(app, "Dev Reviewer", "judge,comment");
        var oversighter = await TokenAsync(app, "Dev Oversighter", "suppress,viewsuppressed");
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        async Task<HttpResponseMessage> PostAsync(string path, string token, string json) => await http.SendAsync(ApiHarness.Request(HttpMethod.Post, path, token, json));
        const string judgment = """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false}}""";

        // Three judgments (two on enwiki, one on cswiki), a thread and a reply on enwiki, one suppression, one refused write.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/artifacts/enwiki/diff/9001/proposals", reviewer, judgment)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/artifacts/enwiki/diff/9002/proposals", reviewer, judgment)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/artifacts/cswiki/diff/9003/proposals", reviewer, judgment)).StatusCode);
        var thread = await ApiHarness.JsonAsync(await PostAsync("/api/v1/artifacts/enwiki/diff/9001/threads", reviewer, """{"title":"Why?","text":"It removes a sourced sentence."}"""));
        var reply = await ApiHarness.JsonAsync(await PostAsync($"/api/v1/threads/{thread.GetProperty("id").GetInt64()}/comments", reviewer, """{"text":"My phone number is 555-0100."}"""));
        var replyId = reply.GetProperty("comments").EnumerateArray().Last().GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/v1/visibility", oversighter, $$"""{"kind":"comment","id":{{replyId}},"field":"text","level":"suppressed","reason":"private"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync("/api/v1/artifacts/enwiki/diff/9004/proposals", reviewer, """{"facet":"editquality","labeldata":{"damaging":"maybe"}}""")).StatusCode);

        // One reader on the event stream while the metrics are read.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var streamClient = new HttpClient { BaseAddress = app.BaseAddress };
        using var stream = await SseReader.OpenAsync(streamClient, "/api/v1/events", cancellationToken: timeout.Token);
        var scrape = await http.GetStringAsync("/metrics");

        Assert.Equal(2, Value(scrape, "jadestudio_judgments_total", "wiki=\"enwiki\""));
        Assert.Equal(1, Value(scrape, "jadestudio_judgments_total", "wiki=\"cswiki\""));
        Assert.Equal(2, Value(scrape, "jadestudio_comments_total", "wiki=\"enwiki\""));
        Assert.Equal(1, Value(scrape, "jadestudio_suppressions_total", "wiki=\"enwiki\""));
        Assert.Null(Value(scrape, "jadestudio_labels_total", "wiki=\"enwiki\""));
        Assert.Equal(1, Value(scrape, "jadestudio_api_errors_total", "code=\"jade-invalid-labeldata\"", "status=\"422\""));
        Assert.Equal(1, Value(scrape, "jadestudio_feed_subscribers"));
        Assert.Equal(0, Value(scrape, "jadestudio_writer_queue_depth"));
        Assert.True(Value(scrape, "jadestudio_writer_commit_duration_seconds_count") >= 7);
        Assert.True(Value(scrape, "jadestudio_writer_commit_duration_seconds_bucket", "le=\"5\"") >= 7);
        Assert.Contains("http_server_request_duration_seconds_count", scrape, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", scrape, StringComparison.Ordinal);
        // Nothing that names a person or carries a text.
        Assert.DoesNotContain("Dev Reviewer", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("555-0100", scrape, StringComparison.Ordinal);
    }

    private static async Task<string> TokenAsync(AppProcess app, string user, string rights)
    {
        var (exit, output, error) = await OperatorCommand.RunAsync(app.DataDirectory, app.SharedDatabaseSettings, "token", "create", "--user", user, "--rights", rights, "--accept-redaction-terms");
        Assert.True(exit == 0, error);
        return output.Trim();
    }
}
