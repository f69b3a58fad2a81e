using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JadeStudio.Web.Infrastructure;

/// <summary>/readyz: can the database be opened and queried, and is its schema current (no migration pending).</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<JadeDbContext> contexts, IDatabaseStore store, SchemaState schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SELECT 1;", cancellationToken);
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList() is { Count: > 0 } pending)
            {
                return HealthCheckResult.Unhealthy($"{pending.Count} migrations pending (run the migrate command): {string.Join(", ", pending)}");
            }
            schema.MarkCurrent();
            return HealthCheckResult.Healthy("database reachable, schema current");
        }
        catch (Exception exception) when (store.IsUnreachable(exception) || exception is InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", exception);
        }
    }
}
