using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>
/// A query may ask about a list longer than a statement's parameters allow (32,766 on SQLite, 65,535 on PostgreSQL)
/// through every kind of context the app opens: lists that grow with the data (a rollback's judgments, a campaign's
/// hidden labelers) failed with "too many SQL variables" when each element was a parameter of its own.
/// </summary>
public sealed class ListParameterTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private List<long> _asked = [];

    public async Task InitializeAsync()
    {
        await using var db = _core.Database.CreateDbContext();
        var artifacts = Enumerable.Range(1, 3).Select(i => new Artifact { Wiki = "enwiki", Type = ArtifactType.Diff, RevId = i, CreatedAt = _core.Clock.Now }).ToList();
        db.Artifacts.AddRange(artifacts);
        await db.SaveChangesAsync();
        // 70,000 ids, three of them stored.
        _asked = [.. Enumerable.Range(1_000_000, 70_000 - artifacts.Count).Select(i => (long)i), .. artifacts.Select(a => a.Id)];
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private Task<int> CountAskedAsync(JadeDbContext db) => db.Artifacts.CountAsync(a => _asked.Contains(a.Id));

    [Fact]
    public async Task A_list_of_seventy_thousand_ids_is_answered_by_the_readers_the_writer_and_the_tools_contexts()
    {
        var readers = _core.Database.Store.CreateContextFactory(NullLoggerFactory.Instance);
        try
        {
            await using var reader = await readers.CreateDbContextAsync();
            Assert.Equal(3, await CountAskedAsync(reader));
        }
        finally
        {
            (readers as IDisposable)?.Dispose();
        }
        await using (var tool = _core.Database.CreateDbContext())
        {
            Assert.Equal(3, await CountAskedAsync(tool));
        }
        Assert.Equal(3, (await _core.Writer.ExecuteAsync(context => CountAskedAsync(context.Db))).OrThrow());
    }
}
