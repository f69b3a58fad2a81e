using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace JadeStudio.Core.Storage;

/// <summary>
/// How both stores keep a <see cref="DateTimeOffset"/>: EF Core's binary form (a 64-bit number, 0.1 ms) of the instant
/// in UTC. EF Core's form alone keeps the clock time as written with its offset in the low bits, so it orders by clock
/// time, not by instant: 01:00+14:00 (11:00 UTC the day before) sorted after 12:00 UTC, and a range given with an
/// offset (a rollback's, a search's) selected the wrong rows. The app's own times are UTC already, so rows written
/// before keep their values.
/// </summary>
public static class StoredTime
{
    private static readonly DateTimeOffsetToBinaryConverter Binary = new();

    public static long ToStored(DateTimeOffset value) => (long)Binary.ConvertToProvider(value.ToUniversalTime())!;

    public static DateTimeOffset FromStored(long value) => (DateTimeOffset)Binary.ConvertFromProvider(value)!;
}

/// <summary>The model's converter for every <see cref="DateTimeOffset"/> (<see cref="StoredTime"/>).</summary>
public sealed class StoredTimeConverter() : ValueConverter<DateTimeOffset, long>(value => StoredTime.ToStored(value), value => StoredTime.FromStored(value));
