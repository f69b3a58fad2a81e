using System.Globalization;
using System.Net;
using System.Text;
using JadeStudio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AnalysisJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_analysis_page_draws_its_curves_and_the_slider_changes_the_confusion_matrix()
    {
        // A researcher makes a token in the UI, then loads scores and judgments through the API.
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString("/preferences/tokens"));
        await BrowserFixture.SignInOnPageAsync(page, "researcher");
        await BrowserFixture.AcceptRedactionTermsAsync(page);
        await page.GetByTestId("token-name").FillAsync("analysis loader");
        await page.GetByTestId("token-rights").GetByText("judge", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("token-rights").GetByText("uploadartifacts", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("token-create").ClickAsync();
        var token = await page.GetByTestId("token-secret").InputValueAsync();

        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        var csv = new StringBuilder("rev_id,model,version,prediction,probability\n");
        for (var i = 1; i <= 20; i++)
        {
            var score = i / 21.0;
            csv.Append(CultureInfo.InvariantCulture, $"{77_000_000 + i},damaging,9.9.9,{(score >= 0.5 ? "true" : "false")},{score:0.000}\n");
        }
        var upload = ApiHarness.Request(HttpMethod.Post, "api/v1/wikis/enwiki/scores", token, csv.ToString(), "text/csv");
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(upload)).StatusCode);
        for (var i = 1; i <= 20; i++)
        {
            // Humans: damaging from 11 up, plus two the model misses (5) and two it over-calls (12, 15 not damaging).
            var damaging = (i >= 11 && i is not 12 and not 15) || i == 5;
            var judged = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, $"api/v1/artifacts/enwiki/diff/{77_000_000 + i}/judgments", token,
                CoreHarness.EditQuality(damaging, true) is var labels ? "{\"facet\":\"editquality\",\"labeldata\":" + labels + "}" : ""));
            Assert.True(judged.IsSuccessStatusCode);
        }

        await page.GotoAsync("/analysis/enwiki");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("analysis-counts")).ToContainTextAsync("20 both, used here");
        // The choices stand in a row, their boxes' tops level, the campaign's help text below its box (it lifted the box).
        var tops = await page.EvaluateAsync<double[]>("""
            ['analysis-wiki', 'analysis-model', 'analysis-campaign'].map(id => document.querySelector(`[data-testid=${id}]`).getBoundingClientRect().top)
            """);
        Assert.All(tops, top => Assert.Equal(tops[0], top, 1.0));
        await Expect(page.GetByTestId("roc-chart").Locator("svg path").First).ToBeAttachedAsync();
        await Expect(page.GetByTestId("pr-chart").Locator("svg path").First).ToBeAttachedAsync();
        await Expect(page.GetByTestId("calibration-chart").Locator("svg path").First).ToBeAttachedAsync();
        // The axes' numbers can be read: MudBlazor scales its 700-unit drawing to the box, and a 22rem box drew their
        // letters 6 pixels high (the font size in the drawing's units, scaled as the drawing is).
        var tickHeights = await page.EvaluateAsync<double[]>("""
            [...document.querySelectorAll('[data-testid=roc-chart] svg .mud-charts-yaxis text')]
                .map(t => { const m = t.getScreenCTM(); return parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b); })
            """);
        Assert.NotEmpty(tickHeights);
        Assert.All(tickHeights, height => Assert.True(height >= 10, $"an axis number's letters {height:0.0} pixels high"));
        // At 0.50: predicted damaging are 11–20 (10); humans say 8 of those, plus 5 → TP 8, FP 2, FN 1, TN 9.
        await Expect(page.GetByTestId("tp")).ToHaveTextAsync("8");
        await Expect(page.GetByTestId("fp")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("fn")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("tn")).ToHaveTextAsync("9");

        // Moving the threshold down to about 0.2 catches edit 5 and flags more good edits.
        var slider = page.GetByTestId("analysis-threshold");
        var box = (await slider.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width * 0.2f, box.Y + box.Height / 2);
        await Expect(page.GetByTestId("fn")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("tp")).ToHaveTextAsync("9");
        Assert.NotEqual("2", await page.GetByTestId("fp").TextContentAsync());

        await page.GetByTestId("threshold-query-run").ClickAsync();
        await Expect(page.GetByTestId("threshold-query-result")).ToContainTextAsync("Threshold");
        await page.Context.CloseAsync();
    }
}
