using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.Storage;

/// <summary>Contexts on a store where the app's service container is not at hand (operator tools, the benchmark, tests).</summary>
public sealed class StoreContextFactory : IDbContextFactory<JadeDbContext>
{
    private readonly DbContextOptions<JadeDbContext> _options;

    /// <param name="logging">Where EF Core's own warnings go (the app's log); none for tools.</param>
    public StoreContextFactory(IDatabaseStore store, ILoggerFactory? logging = null)
    {
        var options = new DbContextOptionsBuilder<JadeDbContext>();
        store.Configure(options);
        options.UseLoggerFactory(logging);
        _options = options.Options;
    }

    public JadeDbContext CreateDbContext() => new(_options);
}
