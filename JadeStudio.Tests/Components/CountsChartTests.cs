using Bunit;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Shared;

namespace JadeStudio.Tests.Components;

public sealed class CountsChartTests
{
    /// <summary>A chart's axis writes its numbers as the viewer's culture does, as the table under it does.</summary>
    [Fact]
    public async Task The_axis_and_the_table_write_numbers_in_the_viewers_culture()
    {
        await using var context = new ComponentContext("de");

        var chart = context.Render<CountsChart>(p => p
            .Add(x => x.Title, "Urteile pro Tag")
            .Add(x => x.PeriodHeader, "Tag")
            .Add(x => x.Labels, ["01.12.2026", "02.12.2026"])
            .Add(x => x.Series, [new CountsChart.Line("Urteile", [0, 1500])])
            .Add(x => x.TestId, "chart"));

        var axis = chart.FindAll("[data-testid=chart] svg text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains(axis, text => System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d{1,3}(\.\d{3})+$"));
        Assert.DoesNotContain(axis, text => System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d{4,}$"));
        Assert.Equal("1.500", chart.FindAll("[data-testid=chart-table] tbody td")[^1].TextContent);
    }
}
