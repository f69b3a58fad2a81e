using System.Net;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.RateLimits;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>A failure nobody planned for, inside a write: still problem+json with a code, in both environments, and nothing changed.</summary>
public sealed class UnexpectedFailureTests
{
    public static TheoryData<string, string> Failures() => new()
    {
        { "Development", nameof(InvalidOperationException) },
        { "Production", nameof(InvalidOperationException) },
        // A timeout's cancellation inside the app while the caller is still waiting: not the caller going away.
        { "Development", nameof(OperationCanceledException) },
        { "Production", nameof(OperationCanceledException) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_exception_inside_a_write_answers_500_as_a_problem_and_saves_nothing(string environment, string failure)
    {
        Exception thrown = failure == nameof(OperationCanceledException) ? new OperationCanceledException() : new InvalidOperationException("Unplanned.");
        await using var app = new JadeWebFactory(environment, services: services => services.AddSingleton<IRateWindowCounter>(new FailingCounter(thrown)));
        var api = new ApiHarness(app);
        var token = await api.TokenAsync(await api.UserAsync(ApiHarness.Unique("Unlucky judge"), "autoconfirmed"), Right.Judge);
        var artifact = $"/api/v1/artifacts/enwiki/diff/{ApiHarness.UniqueRevId()}";

        var response = await app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, artifact + "/judgments", token,
            """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":true}}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("internal", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
        var view = await ApiHarness.JsonAsync(await app.CreateClient().GetAsync(artifact));
        Assert.All(view.GetProperty("facets").EnumerateArray(), facet => Assert.Empty(facet.GetProperty("proposals").EnumerateArray()));
    }

    private sealed class FailingCounter(Exception failure) : IRateWindowCounter
    {
        public Task<long> AddAsync(string key, long window, CancellationToken cancellationToken = default) => Task.FromException<long>(failure);
    }
}
