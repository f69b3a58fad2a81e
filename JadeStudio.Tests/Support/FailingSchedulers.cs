using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace JadeStudio.Tests.Support;

/// <summary>
/// Quartz's scheduler factory (or none), whose asks fail with <see cref="Failure"/> while it is set: a database connection
/// cut, or a time limit of the ask's own (a cancellation that is not the node stopping).
/// </summary>
public sealed class FailingSchedulers : ISchedulerFactory
{
    private int _failed;

    /// <summary>The factory asks go to when they do not fail; none fails every ask.</summary>
    public ISchedulerFactory? Inner { get; set; }

    public Exception? Failure { get; set; }

    /// <summary>How many asks failed.</summary>
    public int Failed => Volatile.Read(ref _failed);

    public ValueTask<IScheduler> GetScheduler(CancellationToken cancellationToken = default)
    {
        if (Failure is not null || Inner is null)
        {
            Interlocked.Increment(ref _failed);
            throw Failure ?? new InvalidOperationException("No scheduler here.");
        }
        return Inner.GetScheduler(cancellationToken);
    }

    public ValueTask<IScheduler?> LookupScheduler(string schedName, CancellationToken cancellationToken = default) =>
        Inner?.LookupScheduler(schedName, cancellationToken) ?? ValueTask.FromResult<IScheduler?>(null);

    public ValueTask<List<IScheduler>> GetAllSchedulers(CancellationToken cancellationToken = default) =>
        Inner?.GetAllSchedulers(cancellationToken) ?? ValueTask.FromResult(new List<IScheduler>());

    /// <summary>Puts what <paramref name="wrap"/> makes of the app's scheduler factory in its place.</summary>
    public static void Replace<TWrapper>(IServiceCollection services, Func<ISchedulerFactory, TWrapper> wrap) where TWrapper : class, ISchedulerFactory
    {
        var original = services.Last(d => d.ServiceType == typeof(ISchedulerFactory));
        services.Remove(original);
        services.AddSingleton<ISchedulerFactory>(provider => wrap((ISchedulerFactory)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!))));
    }
}
