using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Storage;

/// <summary>Contexts on a store where the app's service container is not at hand (operator tools, the benchmark, tests).</summary>
public sealed class StoreContextFactory : IDbContextFactory<JadeDbContext>
{
    private readonly DbContextOptions<JadeDbContext> _options;

    /// <param name="logging">Where EF Core's own warnings go (the app's log); none for tools.</param>
    public StoreContextFactory(IDatabaseStore store, Microsoft.Extensions.Logging.ILoggerFactory? logging = null)
    {
        var options = new DbContextOptionsBuilder<JadeDbContext>();
        store.Configure(options);
        if (logging is not null)
        {
            options.UseLoggerFactory(logging);
        }
        _options = options.Options;
    }

    public JadeDbContext CreateDbContext() => new(_options);
}
