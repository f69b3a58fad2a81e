using JadeStudio.Core.Campaigns;

namespace JadeStudio.Tests.Core.Campaigns;

public sealed class LabelPeriodsTests
{
    private static DayStats Day(int year, int month, int day, int labels) => new(new DateOnly(year, month, day), labels);

    [Fact]
    public void Quiet_days_between_labelled_ones_count_as_zero()
    {
        var overTime = LabelPeriods.Of([Day(2026, 11, 2, 5), Day(2026, 11, 5, 3)]);

        Assert.Equal(LabelPeriod.Day, overTime.Period);
        Assert.Equal([Day(2026, 11, 2, 5), Day(2026, 11, 3, 0), Day(2026, 11, 4, 0), Day(2026, 11, 5, 3)], overTime.Counts);
    }

    [Fact]
    public void More_than_a_month_of_days_is_counted_by_weeks_from_monday()
    {
        // Wednesday 4 November and Sunday 8 November are one week (from Monday 2 November); 2 December is five weeks on.
        var overTime = LabelPeriods.Of([Day(2026, 11, 4, 2), Day(2026, 11, 8, 1), Day(2026, 12, 5, 4)]);

        Assert.Equal(LabelPeriod.Week, overTime.Period);
        Assert.Equal([Day(2026, 11, 2, 3), Day(2026, 11, 9, 0), Day(2026, 11, 16, 0), Day(2026, 11, 23, 0), Day(2026, 11, 30, 4)], overTime.Counts);
    }

    [Fact]
    public void More_than_31_weeks_are_counted_by_months()
    {
        var overTime = LabelPeriods.Of([Day(2025, 12, 31, 1), Day(2026, 1, 1, 2), Day(2026, 9, 30, 7)]);

        Assert.Equal(LabelPeriod.Month, overTime.Period);
        Assert.Equal(10, overTime.Counts.Count);
        Assert.Equal(Day(2025, 12, 1, 1), overTime.Counts[0]);
        Assert.Equal(Day(2026, 1, 1, 2), overTime.Counts[1]);
        Assert.Equal(Day(2026, 9, 1, 7), overTime.Counts[^1]);
        Assert.Equal(10, overTime.Counts.Sum(c => c.Labels));
    }

    [Fact]
    public void No_labels_give_no_bars()
    {
        Assert.Empty(LabelPeriods.Of([]).Counts);
    }
}
