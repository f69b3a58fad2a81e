using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.Storage;

/// <summary>Contexts on a store where the app's service container is not at hand (operator tools, the benchmark, tests).</summary>
public sealed class StoreContextFactory : IDbContextFactory<JadeDbContext>
{
    private readonly DbContextOptions<JadeDbContext> _options;

    /// <param name="logging">Where EF Core's own warnings go (the app's log); none for tools.</param>
    public StoreContextFactory(IDatabaseStore store, ILoggerFactory? logging = null) => _options = OptionsFor(store, logging);

    /// <summary>A context's options on the store, EF Core's warnings to <paramref name="logging"/> (also a store's own factories).</summary>
    public static DbContextOptions<JadeDbContext> OptionsFor(IDatabaseStore store, ILoggerFactory? logging)
    {
        var options = new DbContextOptionsBuilder<JadeDbContext>();
        store.Configure(options);
        options.UseLoggerFactory(logging);
        return options.Options;
    }

    public JadeDbContext CreateDbContext() => new(_options);
}
