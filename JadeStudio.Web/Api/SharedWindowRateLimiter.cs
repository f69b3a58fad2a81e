using System.Diagnostics;
using System.Threading.RateLimiting;
using JadeStudio.Core.RateLimits;

namespace JadeStudio.Web.Api;

/// <summary>
/// A fixed-window rate limiter for one key whose counts live in an <see cref="IRateWindowCounter"/>, so every node sharing
/// the counter (the database, with several nodes) enforces one limit together. Windows are aligned to the clock, so all
/// nodes agree on where a window starts. Hand-written because the framework's limiters count in their own process only.
/// </summary>
public sealed class SharedWindowRateLimiter(IRateWindowCounter counter, string key, int limit, TimeSpan window, TimeProvider clock) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>Counting needs the counter (a database round trip with several nodes): the middleware then asks <see cref="AcquireAsyncCore"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => permitCount == 0 ? Lease.Granted : Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount == 0)
        {
            return Lease.Granted;
        }
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        var now = clock.GetUtcNow().UtcTicks;
        var number = now / window.Ticks;
        var count = await counter.AddAsync(key, number, cancellationToken);
        return count <= limit ? Lease.Granted : Lease.Refused(TimeSpan.FromTicks((number + 1) * window.Ticks - now));
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static readonly Lease NotYet = new(false, null);

        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
