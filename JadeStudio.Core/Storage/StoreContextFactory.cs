using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Storage;

/// <summary>Contexts on a store where the app's service container is not at hand (operator tools, the benchmark, tests).</summary>
public sealed class StoreContextFactory : IDbContextFactory<JadeDbContext>
{
    private readonly DbContextOptions<JadeDbContext> _options;

    public StoreContextFactory(IDatabaseStore store)
    {
        var options = new DbContextOptionsBuilder<JadeDbContext>();
        store.Configure(options);
        _options = options.Options;
    }

    public JadeDbContext CreateDbContext() => new(_options);
}
