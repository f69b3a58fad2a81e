using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Support;

/// <summary>A migrated SQLite file in its own temporary folder, deleted afterwards.</summary>
public sealed class TestDatabase : IDisposable, IDbContextFactory<JadeDbContext>
{
    private readonly DbContextOptions<JadeDbContext> _options;

    public TestDatabase()
    {
        Directory = new TempDirectory();
        Path = System.IO.Path.Combine(Directory.Path, "test.db");
        var builder = new DbContextOptionsBuilder<JadeDbContext>();
        SqliteDatabase.Configure(builder, Path);
        _options = builder.Options;
        using var db = CreateDbContext();
        SqliteDatabase.MigrateAsync(db).GetAwaiter().GetResult();
    }

    public TempDirectory Directory { get; }

    public string Path { get; }

    public JadeDbContext CreateDbContext() => new(_options);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }
}

public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jadestudio-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still shutting down may hold a file; the OS temp cleaner gets it later.
        }
    }
}
