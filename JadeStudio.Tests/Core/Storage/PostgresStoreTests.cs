using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Core.Wikis;
using JadeStudio.Storage.PostgreSql;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>The PostgreSQL store's schema, on a throw-away server: its own migrations give the one model, and its constraints hold the JADE rules.</summary>
[Trait("Store", "PostgreSql")]
public sealed class PostgresStoreTests : IAsyncLifetime
{
    private PostgresServer _server = default!;

    public async Task InitializeAsync() => _server = await PostgresServer.CreateDatabaseAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private JadeDbContext Open(ILoggerFactory? logging = null)
    {
        var options = new DbContextOptionsBuilder<JadeDbContext>();
        PostgresDatabase.Configure(options, _server.ConnectionString);
        if (logging is not null)
        {
            options.UseLoggerFactory(logging);
        }
        return new(options.Options);
    }

    [Fact]
    public async Task Rate_counts_add_up_per_key_and_window_and_only_their_commits_skip_waiting_for_the_disk()
    {
        await using (var db = Open())
        {
            await PostgresDatabase.MigrateAsync(db);
        }
        await using var store = new PostgresStore(_server.ConnectionString, new WikiCatalog(WikiCatalog.Defaults));
        var counter = new PostgresRateWindowCounter(store);

        Assert.Equal(1, await counter.AddAsync("token:a", 42));
        Assert.Equal(2, await counter.AddAsync("token:a", 42));
        Assert.Equal(1, await counter.AddAsync("token:b", 42));
        Assert.Equal(1, await counter.AddAsync("token:a", 43));
        Assert.Equal("off", await SettingAsync(store.CountsSource, "synchronous_commit"));
        Assert.Equal("on", await SettingAsync(store.DataSource, "synchronous_commit"));
        // A few connections of their own, within the budget docs/deployment.md gives a node.
        Assert.Equal(PostgresStore.CountsPoolSize, new NpgsqlConnectionStringBuilder(store.CountsSource.ConnectionString).MaxPoolSize);
        Assert.True(PostgresStore.CountsPoolSize <= 4);
    }

    private static async Task<string?> SettingAsync(NpgsqlDataSource source, string name)
    {
        await using var command = source.CreateCommand($"SHOW {name}");
        return (string?)await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Its_migrations_from_an_empty_database_give_the_model_and_only_its_own_migrations_are_applied()
    {
        var log = new FakeLoggerProvider();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(log));
        await using var db = Open(logging);

        Assert.Equal(db.Database.GetMigrations(), await PostgresDatabase.VerifyAsync(db));
        var applied = await PostgresDatabase.MigrateAsync(db);

        // A new database is the first start's normal case, not an error in the operator's log.
        Assert.Empty(log.Collector.GetSnapshot().Where(entry => entry.Level >= LogLevel.Warning).Select(entry => entry.Message));

        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        // The SQLite store's migrations (in Core) are not this store's.
        await using var sqliteDb = new StoreContextFactory(new SqliteStore(Path.Combine(Path.GetTempPath(), "jadestudio-unopened.db"))).CreateDbContext();
        Assert.Empty(db.Database.GetMigrations().Intersect(sqliteDb.Database.GetMigrations()));
        var tables = await db.Database.SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync();
        Assert.Contains("proposals", tables);
        Assert.Contains("events", tables);
        Assert.Contains("data_protection_keys", tables);
    }

    [Fact]
    public async Task The_database_refuses_a_second_preferred_proposal_for_one_artifact_and_facet()
    {
        await using var db = Open();
        await PostgresDatabase.MigrateAsync(db);
        var now = DateTimeOffset.UtcNow;
        var user = new User { Provider = "development", Subject = "reviewer", Name = "Reviewer", CreatedAt = now };
        var artifact = new Artifact { Wiki = "enwiki", Type = ArtifactType.Diff, RevId = 1, CreatedAt = now };
        db.AddRange(user, artifact);
        await db.SaveChangesAsync();
        Proposal Preferred(string labels) => new() { ArtifactId = artifact.Id, Facet = "editquality", LabelData = labels, AuthorId = user.Id, Preferred = true, CreatedAt = now, UpdatedAt = now };
        db.Add(Preferred("""{"damaging":false}"""));
        await db.SaveChangesAsync();

        db.Add(Preferred("""{"damaging":true}"""));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(refused.InnerException).SqlState);
        Assert.Equal("IX_proposals_one_preferred", ((PostgresException)refused.InnerException!).ConstraintName);
    }
}
