using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>PostgreSQL's readers take their contexts from EF Core's pool (Npgsql's pool keeps the connections).</summary>
[Trait("Store", "PostgreSql")]
public sealed class PostgresReaderContextsTests
{
    [Fact]
    public async Task A_reader_after_another_gets_the_same_context_reset_so_nothing_the_first_tracked_or_set_carries_over()
    {
        using var database = new TestDatabase(DatabaseProvider.PostgreSql);
        await using (var seed = database.CreateDbContext())
        {
            seed.Artifacts.Add(new Artifact { Wiki = "enwiki", Type = ArtifactType.Diff, RevId = 1 });
            await seed.SaveChangesAsync();
        }
        var readers = database.Store.CreateContextFactory(NullLoggerFactory.Instance);
        JadeDbContext first;
        await using (first = await readers.CreateDbContextAsync())
        {
            var artifact = await first.Artifacts.SingleAsync();
            artifact.RevId = 2; // changed and never saved
            first.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        }

        await using var second = await readers.CreateDbContextAsync();

        // Reused (the cost of building a context is why it is kept), but as a new one: nothing tracked, the defaults back.
        Assert.Same(first, second);
        Assert.Empty(second.ChangeTracker.Entries());
        Assert.Equal(QueryTrackingBehavior.TrackAll, second.ChangeTracker.QueryTrackingBehavior);
        Assert.Equal(1, (await second.Artifacts.SingleAsync()).RevId);
    }
}
