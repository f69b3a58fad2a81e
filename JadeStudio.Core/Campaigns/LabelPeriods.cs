namespace JadeStudio.Core.Campaigns;

/// <summary>The length of one bar of a campaign's labels-over-time chart.</summary>
public enum LabelPeriod { Day, Week, Month }

/// <summary>Labels from the first labelled day to the last, one count per period, days without labels counted as 0.</summary>
public sealed record LabelsOverTime(LabelPeriod Period, IReadOnlyList<DayStats> Counts);

/// <summary>
/// Turns a campaign's labelled days (only days with labels, as the API gives them) into an unbroken series:
/// a chart that skipped the quiet days would draw two busy days weeks apart side by side.
/// </summary>
public static class LabelPeriods
{
    /// <summary>At most this many bars: beyond it a day's or a week's date under its bar can no longer be read.</summary>
    public const int MaxBars = 31;

    public static LabelsOverTime Of(IReadOnlyList<DayStats> days)
    {
        if (days.Count == 0)
        {
            return new LabelsOverTime(LabelPeriod.Day, []);
        }
        var first = days.Min(d => d.Day);
        var last = days.Max(d => d.Day);
        foreach (var period in (LabelPeriod[])[LabelPeriod.Day, LabelPeriod.Week, LabelPeriod.Month])
        {
            var starts = Starts(period, first, last);
            if (starts.Count <= MaxBars || period == LabelPeriod.Month)
            {
                var counts = days.GroupBy(d => Start(period, d.Day)).ToDictionary(g => g.Key, g => g.Sum(d => d.Labels));
                return new LabelsOverTime(period, [.. starts.Select(start => new DayStats(start, counts.GetValueOrDefault(start)))]);
            }
        }
        throw new InvalidOperationException("Unreachable: the month period always returns.");
    }

    private static List<DateOnly> Starts(LabelPeriod period, DateOnly first, DateOnly last)
    {
        var starts = new List<DateOnly>();
        for (var start = Start(period, first); start <= last; start = Next(period, start))
        {
            starts.Add(start);
        }
        return starts;
    }

    /// <summary>Weeks start on Monday (ISO 8601), whatever the viewer's culture: the counts are the same for everyone.</summary>
    private static DateOnly Start(LabelPeriod period, DateOnly day) => period switch
    {
        LabelPeriod.Day => day,
        LabelPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        LabelPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    private static DateOnly Next(LabelPeriod period, DateOnly start) => period switch
    {
        LabelPeriod.Day => start.AddDays(1),
        LabelPeriod.Week => start.AddDays(7),
        LabelPeriod.Month => start.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };
}
