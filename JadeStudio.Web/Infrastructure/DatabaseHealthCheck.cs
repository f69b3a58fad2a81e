using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JadeStudio.Web.Infrastructure;

/// <summary>/healthz: can the database be opened and queried.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<JadeDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SELECT 1;", cancellationToken);
            return HealthCheckResult.Healthy("database reachable");
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", exception);
        }
    }
}
