namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Whether the app stopped because one of its background services failed. The host stops then
/// (<see cref="BackgroundServiceExceptionBehavior.StopHost"/>) but returns as from an operator's stop, so the process
/// would end with exit code 0 and a supervisor that restarts failed services (systemd's <c>Restart=on-failure</c>,
/// Kubernetes) would leave the node down.
/// </summary>
public sealed class BackgroundFailures
{
    private readonly IReadOnlyList<BackgroundService> _services;

    private BackgroundFailures(IReadOnlyList<BackgroundService> services) => _services = services;

    /// <summary>Taken before the host runs: it disposes its services as it ends.</summary>
    public static BackgroundFailures Watch(IServiceProvider services) =>
        new(services.GetServices<IHostedService>().OfType<BackgroundService>().ToList());

    /// <returns>What to tell the operator once the host has stopped, or null when no background service failed.</returns>
    public string? Explain()
    {
        var failed = _services.FirstOrDefault(service => service.ExecuteTask is { IsFaulted: true });
        return failed?.ExecuteTask?.Exception?.GetBaseException() is { } reason
            ? $"The background service {failed.GetType().Name} failed and stopped the app: {reason.Message}"
            : null;
    }
}
