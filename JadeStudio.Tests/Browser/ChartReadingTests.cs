using Microsoft.Playwright;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// A wiki's activity charts as a reader on a wide screen sees them: their numbers and dates large enough to read, and
/// the first date, which a slanted label writes out to the left of the drawing, not cut off.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChartReadingTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_activity_charts_labels_are_legible_and_none_is_cut_off_at_the_left()
    {
        var page = await browser.SignedInAsync("reviewer", "/wikis/enwiki/activity", new ViewportSize { Width = 1280, Height = 900 });
        await BrowserFixture.WaitForCircuitAsync(page);
        foreach (var chart in new[] { "activity-days-chart", "activity-suppressions-chart" })
        {
            var labels = await page.EvaluateAsync<double[][]>($$"""
                [...document.querySelectorAll('[data-testid={{chart}}] svg .mud-charts-xaxis text, [data-testid={{chart}}] svg .mud-charts-yaxis text')]
                    .map(t => { const m = t.getScreenCTM(); return [parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b), t.getBoundingClientRect().left]; })
                """);
            Assert.NotEmpty(labels);
            // The letters' size on screen: the label's font size in the drawing's units, scaled as the drawing is.
            Assert.All(labels, label => Assert.True(label[0] >= 10, $"{chart}: a label's letters {label[0]:0.0} pixels high"));
            var drawingLeft = await page.EvaluateAsync<double>($"document.querySelector('[data-testid={chart}]').getBoundingClientRect().left");
            Assert.All(labels, label => Assert.True(label[1] >= drawingLeft, $"{chart}: a label starts {drawingLeft - label[1]:0} pixels left of its chart's box"));
        }
        await page.Context.CloseAsync();
    }
}
