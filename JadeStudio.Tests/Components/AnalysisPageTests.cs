using Bunit;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Imports;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Analysis;

namespace JadeStudio.Tests.Components;

/// <summary>The model analysis as a researcher uses it: moving the threshold moves the confusion matrix.</summary>
public sealed class AnalysisPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public async Task InitializeAsync()
    {
        var researcher = await _core.UserAsync("Analysis Researcher", "researcher", "autoconfirmed");
        // Scores 0.1, 0.3, 0.6, 0.9; humans say edits 2 and 4 are damaging.
        (await _core.ScoreImports.ImportAsync(researcher, "enwiki", new MemoryStream("rev_id,model,version,prediction,probability\n1,damaging,1,false,0.1\n2,damaging,1,false,0.3\n3,damaging,1,true,0.6\n4,damaging,1,true,0.9\n"u8.ToArray()),
            "s.csv", "file:s.csv", ImportMode.AllOrNothing, 1_000_000)).OrThrow();
        foreach (var (rev, damaging) in new[] { (1L, false), (2L, true), (3L, false), (4L, true) })
        {
            (await _core.Judgments.CreateAndEndorseAsync(researcher, CoreHarness.Propose(damaging, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, rev)))).OrThrow();
        }
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static (string Tp, string Fp, string Fn, string Tn) Matrix(IRenderedComponent<AnalysisPage> page) =>
        (page.Find("[data-testid=tp]").TextContent, page.Find("[data-testid=fp]").TextContent, page.Find("[data-testid=fn]").TextContent, page.Find("[data-testid=tn]").TextContent);

    [Fact]
    public async Task Moving_the_threshold_slider_recounts_the_confusion_matrix_and_says_the_threshold_in_the_readers_culture()
    {
        await using var context = new ComponentContext("de", _core);
        var page = context.Render<AnalysisPage>(p => p.Add(x => x.Wiki, "enwiki"));
        page.WaitForElement("[data-testid=confusion-matrix]");

        // At 0.50: the model flags 3 and 4; humans say 2 and 4.
        Assert.Equal(("1", "1", "1", "1"), Matrix(page));
        var slider = page.Find("input[type=range][data-testid=analysis-threshold]");
        Assert.Equal("0,50", slider.GetAttribute("aria-valuetext"));
        Assert.Contains("0,50", page.Find(".mud-slider").TextContent, StringComparison.Ordinal);

        slider.Input("0.2");

        // At 0.20 edit 2 is caught too: no false negative left.
        page.WaitForAssertion(() => Assert.Equal(("2", "1", "0", "1"), Matrix(page)));
        Assert.Equal("0,20", page.Find("input[type=range][data-testid=analysis-threshold]").GetAttribute("aria-valuetext"));
        Assert.Contains("0,20", page.Find(".mud-slider").TextContent, StringComparison.Ordinal);
    }

    /// <summary>
    /// The curves fill their charts: drawn in percent, their axes run 0–100 in steps of 20 (on a 0–1 scale MudBlazor's
    /// whole-number ticks drew 0–20, and the curve filled a twentieth of the plot).
    /// </summary>
    [Fact]
    public async Task The_curves_fill_their_charts_on_axes_in_percent()
    {
        await using var context = new ComponentContext("de", _core);
        var page = context.Render<AnalysisPage>(p => p.Add(x => x.Wiki, "enwiki"));
        page.WaitForElement("[data-testid=roc-chart] svg");

        foreach (var chart in new[] { "roc-chart", "pr-chart", "calibration-chart" })
        {
            var texts = page.FindAll($"[data-testid={chart}] svg text").Select(t => t.TextContent.Trim()).ToList();
            Assert.Equal(2, texts.Count(t => t == "100"));
            Assert.Equal(2, texts.Count(t => t == "60"));
        }
        var roc = page.FindAll("[data-testid=roc-chart] svg text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("Trefferquote (%)", roc);
        // The x axis's title under the plot, where a reader looks for it (MudBlazor writes it at the drawing's top).
        Assert.DoesNotContain("Falsch-positiv-Rate (%)", roc);
        var xTitle = page.Find("[data-testid=roc-chart-x-title]");
        Assert.Equal("Falsch-positiv-Rate (%)", xTitle.TextContent.Trim());
        // In document order: the drawing, then the title.
        Assert.Equal(["svg", "x-title"], page.FindAll("[data-testid=roc-chart] svg, [data-testid=roc-chart-x-title]").Select(e => e.LocalName == "svg" ? "svg" : "x-title"));
    }
}
