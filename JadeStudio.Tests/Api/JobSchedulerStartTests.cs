using System.Net;
using System.Net.Sockets;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace JadeStudio.Tests.Api;

/// <summary>A node whose database is out of reach just as its job scheduler starts.</summary>
public sealed class JobSchedulerStartTests
{
    [Fact]
    public async Task A_database_out_of_reach_when_the_scheduler_starts_delays_the_jobs_and_does_not_stop_the_node()
    {
        OutOfReachFirst? schedulers = null;
        await using var app = new JadeWebFactory(services: services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(ISchedulerFactory));
            services.Remove(original);
            services.AddSingleton<ISchedulerFactory>(provider => schedulers = new OutOfReachFirst(Resolve(original, provider)));
        });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        // The first ask failed as a cut connection does; the worker asks again (every 2 s) and starts the scheduler.
        IScheduler? started = null;
        for (var waited = 0; waited < 300 && started is null; waited++)
        {
            await Task.Delay(100);
            if (schedulers is { Calls: > 1 } && (await schedulers.Inner.GetAllSchedulers()).FirstOrDefault() is { Status: SchedulerStatus.Running } running)
            {
                started = running;
            }
        }

        Assert.True(started is not null, $"The scheduler did not start after the failed first attempt (asked {schedulers?.Calls} times).");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/wikis")).StatusCode);
    }

    private static ISchedulerFactory Resolve(ServiceDescriptor original, IServiceProvider provider) =>
        (ISchedulerFactory)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!));

    /// <summary>Quartz's factory, whose first ask fails as a database connection cut by the network does.</summary>
    private sealed class OutOfReachFirst(ISchedulerFactory inner) : ISchedulerFactory
    {
        private int _calls;

        public ISchedulerFactory Inner => inner;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<IScheduler> GetScheduler(CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new IOException("The connection to the database was cut.", new SocketException((int)SocketError.ConnectionReset))
                : inner.GetScheduler(cancellationToken);

        public ValueTask<IScheduler?> LookupScheduler(string schedName, CancellationToken cancellationToken = default) => inner.LookupScheduler(schedName, cancellationToken);

        public ValueTask<List<IScheduler>> GetAllSchedulers(CancellationToken cancellationToken = default) => inner.GetAllSchedulers(cancellationToken);
    }
}
