using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
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

        await ReaderContextChecks.AssertReusedAndResetAsync(database.Store.CreateContextFactory(NullLoggerFactory.Instance));
    }
}
