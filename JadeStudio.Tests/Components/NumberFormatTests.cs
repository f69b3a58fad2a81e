using Bunit;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Scores;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Analysis;
using JadeStudio.Web.Components.Shared;

namespace JadeStudio.Tests.Components;

/// <summary>
/// Counts read as numbers do in the viewer's language, thousands grouped, wherever a page shows them on their own
/// (Razor writes a bare number with no grouping: "12345" in every language).
/// </summary>
public sealed class NumberFormatTests
{
    [Fact]
    public async Task The_confusion_matrix_groups_its_counts_in_the_viewers_language()
    {
        await using var context = new ComponentContext("de");

        var matrix = context.Render<ConfusionMatrix>(p => p.Add(x => x.Stats, new ThresholdStats(0.5, 12345, 2000, 987654, 7)));

        Assert.Equal("12.345", matrix.Find("[data-testid=tp]").TextContent);
        Assert.Equal("2.000", matrix.Find("[data-testid=fp]").TextContent);
        Assert.Equal("987.654", matrix.Find("[data-testid=tn]").TextContent);
        Assert.Equal("7", matrix.Find("[data-testid=fn]").TextContent);
    }

    [Fact]
    public async Task An_upload_report_groups_its_line_numbers_and_its_pager()
    {
        await using var context = new ComponentContext("en");
        var errors = Enumerable.Range(0, 1234).Select(i => new LineError(12345 + i, ImportProblem.BadRevId, "x")).ToList();
        var report = new ImportReport(ImportFormat.PlainIds, ImportMode.AllOrNothing, 20000, 0, 0, errors, Committed: false);

        var view = context.Render<ImportReportView>(p => p.Add(x => x.Report, report));

        Assert.Equal("12,345", view.Find("[data-testid=report-errors] tbody tr td").TextContent);
        Assert.Contains("1–10 of 1,234", view.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
        view.Find(".mud-table-pagination button[aria-label='Next page']").Click();
        view.WaitForAssertion(() => Assert.Contains("11–20 of 1,234", view.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal));
        Assert.Equal("12,355", view.Find("[data-testid=report-errors] tbody tr td").TextContent);
    }

    /// <summary>A report of more bad lines than it lists says so, with both numbers in the reader's language.</summary>
    [Fact]
    public async Task A_report_that_lists_only_the_first_bad_lines_says_how_many_of_how_many()
    {
        await using var context = new ComponentContext("de");
        var errors = new LineErrors();
        for (var line = 1; line <= 4_977; line++)
        {
            errors.Add(new LineError(line, ImportProblem.MalformedJson, "1"));
        }
        var all = new ImportReport(ImportFormat.JsonLines, ImportMode.AllOrNothing, 4_977, 0, 0, errors, Committed: false);
        var few = new ImportReport(ImportFormat.JsonLines, ImportMode.AllOrNothing, 2, 0, 0, errors.Listed.Take(2).ToList(), Committed: false);

        var view = context.Render<ImportReportView>(p => p.Add(x => x.Report, all));
        var listedAll = context.Render<ImportReportView>(p => p.Add(x => x.Report, few));

        Assert.Contains("4.977", view.Find("[data-testid=report-rejected]").TextContent, StringComparison.Ordinal);
        Assert.Contains("1.000", view.Find("[data-testid=report-listed]").TextContent, StringComparison.Ordinal);
        Assert.Contains("1–10 von 1.000", view.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
        Assert.Empty(listedAll.FindAll("[data-testid=report-listed]"));
    }

    /// <summary>A chart's axis writes its numbers as the viewer's culture does, as the table under it does.</summary>
    [Fact]
    public async Task A_charts_axis_and_its_table_group_their_counts_in_the_viewers_language()
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
