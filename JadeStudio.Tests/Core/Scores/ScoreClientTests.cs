using System.Collections.Concurrent;
using JadeStudio.Core.Scores;
using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Tests.Core.Scores;

/// <summary>The Lift Wing and ORES clients against a real HTTP server on loopback that answers as scripted.</summary>
public sealed class ScoreClientTests : IAsyncLifetime
{
    private const string Damaging = """{"enwiki": {"models": {"damaging": {"version": "0.5.1"}}, "scores": {"REV": {"damaging": {"score": {"prediction": false, "probability": {"false": 0.9, "true": 0.1}}}}}}}""";

    private WebApplication _server = default!;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _userAgents = new();
    private readonly List<TimeSpan> _waits = [];
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.Run(async context =>
        {
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            _userAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            if (_script.TryDequeue(out var answer))
            {
                await answer(context);
            }
            else
            {
                context.Response.StatusCode = 500;
            }
        });
        await _server.StartAsync();
        _baseUrl = _server.Urls.First();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private void Then(int status, string? body = null, string? retryAfter = null) => _script.Enqueue(async context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }
    });

    /// <summary>An HttpClient with the app's own resilience pipeline (back-offs shortened so the test does not sleep long).</summary>
    private HttpClient Http(ScoreSourceOptions options)
    {
        var pipeline = new Polly.ResiliencePipelineBuilder<HttpResponseMessage>();
        ScoreResilience.Configure(pipeline, options, wait =>
        {
            lock (_waits)
            {
                _waits.Add(wait);
            }
            return ValueTask.CompletedTask;
        });
        return new HttpClient(new Microsoft.Extensions.Http.Resilience.ResilienceHandler(pipeline.Build()) { InnerHandler = new SocketsHttpHandler() });
    }

    private ScoreSourceOptions Options(string source = "liftwing", double timeoutSeconds = 5, int failuresToOpen = 50) => new()
    {
        Source = source,
        BaseUrl = _baseUrl,
        TimeoutSeconds = timeoutSeconds,
        MaxAttempts = 3,
        RetryDelaySeconds = 0.05,
        FailuresToOpenCircuit = failuresToOpen,
        CircuitBreakSeconds = 60,
    };

    private LiftWingClient LiftWing(double timeoutSeconds = 5) => new(Http(Options(timeoutSeconds: timeoutSeconds)), Options(timeoutSeconds: timeoutSeconds));

    [Fact]
    public async Task Lift_Wing_posts_to_the_models_predict_endpoint()
    {
        Then(200, Damaging.Replace("REV", "42"));

        var result = Assert.Single(await LiftWing().FetchAsync("enwiki", "damaging", [42], CancellationToken.None));

        Assert.Equal("POST /service/lw/inference/v1/models/enwiki-damaging:predict", Assert.Single(_requests));
        Assert.Equal((42L, "false", 0.1), (result.RevId, result.Prediction, result.Probabilities!["true"]));
    }

    [Fact]
    public async Task The_app_tells_the_score_service_who_runs_it_as_it_tells_the_wikis()
    {
        Then(200, Damaging.Replace("REV", "42"));
        await using var app = new JadeWebFactory(settings: new Dictionary<string, string?>
        {
            ["JadeStudio:Scores:Source"] = "liftwing",
            ["JadeStudio:Scores:BaseUrl"] = _baseUrl,
            ["JadeStudio:WikiContent:ContactUrl"] = "https://example.org/our-tool",
        });

        await app.Services.GetRequiredService<IScoreSource>().FetchAsync("enwiki", "damaging", [42], CancellationToken.None);

        Assert.StartsWith("JadeStudio/1.0 (https://example.org/our-tool) .NET/", Assert.Single(_userAgents), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_time_the_server_asks_for()
    {
        Then(429, retryAfter: "1");
        Then(200, Damaging.Replace("REV", "42"));

        var result = await LiftWing().FetchAsync("enwiki", "damaging", [42], CancellationToken.None);

        Assert.Single(result);
        Assert.Equal([TimeSpan.FromSeconds(1)], _waits);
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public async Task Service_unavailable_backs_off_and_gives_up_after_the_last_attempt()
    {
        Then(503);
        Then(503);
        Then(503);

        var failure = await Assert.ThrowsAsync<ScoreSourceException>(() => LiftWing().FetchAsync("enwiki", "damaging", [42], CancellationToken.None));

        Assert.Equal("unavailable", failure.Code);
        Assert.Equal(3, _requests.Count);
        // Without a Retry-After, the wait doubles.
        Assert.Equal([TimeSpan.FromSeconds(0.05), TimeSpan.FromSeconds(0.1)], _waits);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_and_the_next_request_fails_at_once_without_asking()
    {
        var options = Options(failuresToOpen: 3);
        var client = new LiftWingClient(Http(options), options);
        for (var i = 0; i < 3; i++)
        {
            Then(503);
        }
        await Assert.ThrowsAsync<ScoreSourceException>(() => client.FetchAsync("enwiki", "damaging", [1], CancellationToken.None));
        var asked = _requests.Count;
        Then(200, Damaging.Replace("REV", "4"));

        var failure = await Assert.ThrowsAsync<ScoreSourceException>(() => client.FetchAsync("enwiki", "damaging", [4], CancellationToken.None));

        Assert.Equal("unavailable", failure.Code);
        Assert.Equal(asked, _requests.Count); // the service was not asked
    }

    [Fact]
    public async Task A_per_revision_error_is_kept_as_that_revisions_score()
    {
        Then(200, """{"enwiki": {"models": {"damaging": {"version": "0.5.1"}}, "scores": {"123": {"damaging": {"error": {"type": "RevisionNotFound", "message": "gone"}}}}}}""");

        var result = Assert.Single(await LiftWing().FetchAsync("enwiki", "damaging", [123], CancellationToken.None));

        Assert.Equal(("RevisionNotFound", "gone"), (result.ErrorType, result.ErrorMessage));
    }

    [Fact]
    public async Task Malformed_JSON_becomes_that_revisions_error_not_a_crash()
    {
        Then(200, "{ this is not json");

        var result = Assert.Single(await LiftWing().FetchAsync("enwiki", "damaging", [5], CancellationToken.None));

        Assert.Equal("malformed", result.ErrorType);
    }

    [Fact]
    public async Task A_hanging_service_times_out()
    {
        // The fake service answers nothing until the client gives up (a hang, not a slow answer), at every attempt.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            _script.Enqueue(async context => await NeverAnswers.UntilCancelledAsync(context.RequestAborted));
        }

        var failure = await Assert.ThrowsAsync<ScoreSourceException>(() => LiftWing(timeoutSeconds: 1).FetchAsync("enwiki", "damaging", [1], CancellationToken.None));

        // Only the client's own timeout can end this call: the service never answers.
        Assert.Equal("timeout", failure.Code);
    }

    [Fact]
    public async Task ORES_asks_for_at_most_fifty_revisions_per_request()
    {
        var revisions = Enumerable.Range(1, 120).Select(i => (long)i).ToList();
        foreach (var chunk in revisions.Chunk(50))
        {
            Then(200, """{"enwiki": {"models": {"damaging": {"version": "0.5.1"}}, "scores": {""" +
                string.Join(",", chunk.Select(r => "\"" + r + "\": {\"damaging\": {\"score\": {\"prediction\": true, \"probability\": {\"false\": 0.2, \"true\": 0.8}}}}")) + "}}}");
        }
        var client = new OresClient(Http(Options("ores")), Options("ores"));

        var results = await client.FetchAsync("enwiki", "damaging", revisions, CancellationToken.None);

        Assert.Equal(120, results.Count);
        Assert.Equal(3, _requests.Count);
        Assert.All(_requests, r => Assert.StartsWith("GET /v3/scores/enwiki/?models=damaging&revids=", r));
        Assert.Equal(50, _requests.First().Split("revids=")[1].Split("%7C").Length);
    }

    [Fact]
    public async Task An_ORES_request_level_error_is_raised()
    {
        Then(400, """{"error": {"code": "bad request", "message": "Too many values for 'revids' parameter.  Max of 50."}}""");
        var client = new OresClient(Http(Options("ores")), Options("ores"));

        var failure = await Assert.ThrowsAsync<ScoreSourceException>(() => client.FetchAsync("enwiki", "damaging", [1], CancellationToken.None));

        Assert.Equal("bad request", failure.Code);
    }
}
