using JadeStudio.Core.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Core.Dumps;

public static class DumpsSetup
{
    /// <summary>Dumps, the redaction terms and the public query page (the dump job itself is registered with the other jobs).</summary>
    public static IServiceCollection AddJadeDumps(this IServiceCollection services, DumpOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<DumpWriter>();
        services.AddSingleton<DumpCatalog>();
        services.AddSingleton<DumpRequests>();
        services.AddSingleton<RedactionTerms>();
        services.AddSingleton<PublicQuery>();
        services.AddSingleton<SavedQueries>();
        return services;
    }
}
