using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>The app configured with a Lift Wing service that is down: a small server on loopback that answers 503.</summary>
public sealed class FailingScoreServiceFixture : BrowserFixture
{
    private WebApplication _service = default!;
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override async Task<AppProcess> StartAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _service = builder.Build();
        _service.Run(context =>
        {
            Interlocked.Increment(ref _requests);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await _service.StartAsync();
        return await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["JadeStudio__Scores__Source"] = "liftwing",
            ["JadeStudio__Scores__BaseUrl"] = _service.Urls.First(),
            ["JadeStudio__Scores__MaxAttempts"] = "2",
            ["JadeStudio__Scores__RetryDelaySeconds"] = "0.05",
            ["JadeStudio__Scores__FailuresToOpenCircuit"] = "2",
            ["JadeStudio__Scores__CircuitBreakSeconds"] = "300",
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _service.DisposeAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class ScoreServiceJourneyTests(FailingScoreServiceFixture browser) : IClassFixture<FailingScoreServiceFixture>
{
    [Fact]
    public async Task A_failing_score_service_is_said_on_the_page_and_after_repeated_failures_not_asked_again()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/artifact/enwiki/diff/1096855066");
        await BrowserFixture.WaitForCircuitAsync(page);

        // The judgments are there; the scores are said to be unavailable rather than waited for.
        await Expect(page.GetByTestId("facet-editquality")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("scores-unavailable")).ToBeVisibleAsync();
        var asked = browser.Requests;
        Assert.True(asked >= 2, $"the service was asked {asked} times");

        // The circuit is open now: the next page says the same without asking the service at all.
        await page.GotoAsync("/artifact/enwiki/diff/1096855067");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("scores-unavailable")).ToBeVisibleAsync();
        Assert.Equal(asked, browser.Requests);
    }
}
