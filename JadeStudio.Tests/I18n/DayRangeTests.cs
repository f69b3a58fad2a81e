using JadeStudio.Web.I18n;

namespace JadeStudio.Tests.I18n;

/// <summary>The days a date field picks, as the range of times a search or a rollback covers.</summary>
public sealed class DayRangeTests
{
    [Fact]
    public void A_to_day_ends_where_the_next_day_starts()
    {
        var day = Formats.DayStartUtc(new DateTime(2026, 12, 4, 15, 30, 0));

        Assert.Equal(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), day);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), Formats.NextDayStartUtc(day));
    }

    [Fact]
    public void The_calendars_last_day_has_no_end_rather_than_failing()
    {
        var last = Formats.DayStartUtc(DateTime.MaxValue);

        Assert.Equal(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), last);
        Assert.Null(Formats.NextDayStartUtc(last));
        Assert.Null(Formats.NextDayStartUtc(null));
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), Formats.NextDayStartUtc(Formats.DayStartUtc(new DateTime(9999, 12, 30))));
    }
}
