using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Support;

/// <summary>What each store's readers promise when they reuse their contexts.</summary>
public static class ReaderContextChecks
{
    /// <summary>
    /// Over a store holding one artifact with revision 1: the reader after another gets the same context (the cost of
    /// building one is why it is kept), but as a new one — nothing tracked, the defaults back.
    /// </summary>
    public static async Task AssertReusedAndResetAsync(IDbContextFactory<JadeDbContext> readers)
    {
        JadeDbContext first;
        await using (first = await readers.CreateDbContextAsync())
        {
            var artifact = await first.Artifacts.SingleAsync();
            artifact.RevId = 2; // changed and never saved
            first.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        }

        await using var second = await readers.CreateDbContextAsync();

        Assert.Same(first, second);
        Assert.Empty(second.ChangeTracker.Entries());
        Assert.Equal(QueryTrackingBehavior.TrackAll, second.ChangeTracker.QueryTrackingBehavior);
        Assert.Equal(1, (await second.Artifacts.SingleAsync()).RevId);
    }
}
