using System.Net;
using System.Net.Sockets;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
            FailingSchedulers.Replace(services, original => schedulers = new OutOfReachFirst(original));
        });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        // The first ask failed as a cut connection does; the worker asks again and its start completes, not failed.
        var worker = app.Services.GetServices<IHostedService>().OfType<JobSchedulerWorker>().Single();
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(worker.ExecuteTask.IsCompletedSuccessfully, $"The scheduler's start ended {worker.ExecuteTask.Status}.");
        Assert.True(schedulers!.Calls > 1, "The worker did not ask for the scheduler again after the failed ask.");
        Assert.Equal(SchedulerStatus.Running, (await schedulers.Inner.GetAllSchedulers()).Single().Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/wikis")).StatusCode);
    }

    [Fact]
    public async Task A_restarted_node_serves_at_once_and_starts_its_job_scheduler_only_after_its_start_delay()
    {
        AskCounted? schedulers = null;
        var clock = new StartDelayWatch(TimeSpan.FromSeconds(3599));
        await using var app = new JadeWebFactory(settings: new Dictionary<string, string?> { ["JadeStudio:Jobs:StartDelaySeconds"] = "3599" }, services: services =>
        {
            FailingSchedulers.Replace(services, original => schedulers = new AskCounted(original));
            services.AddSingleton<TimeProvider>(clock);
        });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/wikis")).StatusCode);

        // The worker is inside its start delay: it has not asked for the scheduler, and its start has not ended.
        await clock.DelayBegun.WaitAsync(TimeSpan.FromSeconds(30));
        var start = app.Services.GetServices<IHostedService>().OfType<JobSchedulerWorker>().Single().ExecuteTask!;
        Assert.False(start.IsCompleted, $"The scheduler's start ended ({start.Status}) inside its delay.");
        Assert.Equal(0, schedulers?.Calls ?? 0);

        // When the delay ends, the scheduler starts.
        clock.EndDelay();
        await start.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(start.IsCompletedSuccessfully, $"The scheduler's start ended {start.Status}.");
        Assert.True(schedulers!.Calls > 0);
        Assert.Equal(SchedulerStatus.Running, (await schedulers.GetAllSchedulers()).Single().Status);
    }

    /// <summary>The real clock, but the timer of the scheduler's start delay fires only when the test says so.</summary>
    private sealed class StartDelayWatch(TimeSpan delay) : TimeProvider
    {
        private readonly TaskCompletionSource<(TimerCallback Callback, object? State)> _delay = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task DelayBegun => _delay.Task;

        public void EndDelay() => _delay.Task.Result.Callback(_delay.Task.Result.State);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == delay && _delay.TrySetResult((callback, state)))
            {
                return System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            return System.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>Quartz's factory, counting how often it is asked for the scheduler.</summary>
    private sealed class AskCounted(ISchedulerFactory inner) : ISchedulerFactory
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<IScheduler> GetScheduler(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.GetScheduler(cancellationToken);
        }

        public ValueTask<IScheduler?> LookupScheduler(string schedName, CancellationToken cancellationToken = default) => inner.LookupScheduler(schedName, cancellationToken);

        public ValueTask<List<IScheduler>> GetAllSchedulers(CancellationToken cancellationToken = default) => inner.GetAllSchedulers(cancellationToken);
    }

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
