using System.Globalization;
using Bunit;
using JadeStudio.Core.Scores;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Layout;
using JadeStudio.Web.Components.Pages.Analysis;
using JadeStudio.Web.Components.Shared;

namespace JadeStudio.Tests.Components;

/// <summary>
/// A chart's lines and points can be told from the page they stand on, in both schemes: each series' colour stands at
/// least 3:1 against the surface (WCAG 1.4.11), and the charts draw in those colours only (MudBlazor's own second and
/// third colours stand 1.6:1 on white).
/// </summary>
public sealed class ChartColorTests
{
    private static readonly string[] Surfaces = [JadeTheme.Theme.PaletteLight.Surface.ToString(MudBlazor.Utilities.MudColorOutputFormats.Hex), JadeTheme.Theme.PaletteDark.Surface.ToString(MudBlazor.Utilities.MudColorOutputFormats.Hex)];

    [Fact]
    public void Every_series_colour_stands_out_three_to_one_on_the_light_and_the_dark_surface()
    {
        foreach (var colour in ChartColors.Palette)
        {
            foreach (var surface in Surfaces)
            {
                Assert.True(Contrast(colour, surface) >= 3, $"{colour} on {surface}: {Contrast(colour, surface):0.00}:1");
            }
        }
    }

    [Fact]
    public async Task The_counts_and_curve_charts_draw_each_series_in_those_colours()
    {
        await using var context = new ComponentContext("en");
        var counts = context.Render<CountsChart>(p => p
            .Add(x => x.Title, "Per day")
            .Add(x => x.PeriodHeader, "Day")
            .Add(x => x.Labels, ["1", "2", "3"])
            .Add(x => x.Series, [new CountsChart.Line("Judgments", [1, 5, 2]), new CountsChart.Line("Reviewers", [1, 2, 1]), new CountsChart.Line("Competing", [0, 1, 0])])
            .Add(x => x.TestId, "chart"));
        var curve = context.Render<CurveChart>(p => p
            .Add(x => x.Title, "Calibration")
            .Add(x => x.Points, [new CurvePoint(0.2, 0.4, 0.5), new CurvePoint(0.7, 0.6, 0.3)])
            .Add(x => x.XTitle, "mean score")
            .Add(x => x.YTitle, "share")
            .Add(x => x.Diagonal, true)
            .Add(x => x.TestId, "calibration"));

        var lineColours = counts.FindAll("svg path[stroke]").Select(p => p.GetAttribute("stroke")!).Where(c => c.StartsWith('#') && !c.Equals("#e0e0e0", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        var pointColours = curve.FindAll("svg circle[fill]").Select(c => c.GetAttribute("fill")!).Where(c => c.Length > 0).Distinct().ToList();
        var legendColours = curve.FindAll("[data-testid=calibration-legend] .jade-chart-legend-marker").Select(m => m.GetAttribute("style")!).ToList();

        Assert.Equal(ChartColors.Palette[..3], lineColours, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(ChartColors.Palette[..2], pointColours, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(2, legendColours.Count);
        Assert.All(legendColours.Zip(ChartColors.Palette), pair => Assert.Contains(pair.Second, pair.First, StringComparison.OrdinalIgnoreCase));
    }

    // WCAG 2's contrast ratio of two sRGB colours written #rrggbb.
    private static double Contrast(string first, string second)
    {
        var (lighter, darker) = (Luminance(first), Luminance(second)) is var (a, b) && a > b ? (a, b) : (b, a);
        return (lighter + 0.05) / (darker + 0.05);
    }

    private static double Luminance(string colour)
    {
        double Channel(int offset)
        {
            var value = int.Parse(colour.AsSpan(1 + offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return value <= 0.03928 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(0) + 0.7152 * Channel(2) + 0.0722 * Channel(4);
    }
}
