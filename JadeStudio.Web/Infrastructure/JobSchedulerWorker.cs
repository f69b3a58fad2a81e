using JadeStudio.Core.Jobs;
using JadeStudio.Core.Storage;
using Polly;
using Quartz;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Starts this node's Quartz.NET scheduler once the schema is current (its tables come with the migrations) and its
/// start delay has passed (<see cref="JobOptions.StartDelaySeconds"/>), and schedules
/// again the jobs a stop cut off; when the app stops, running jobs are cancelled (they go back to the queue) before Quartz
/// shuts the scheduler down. A node that dies instead leaves its jobs to Quartz's recovery: another node takes them over,
/// or this one when it starts.
/// </summary>
public sealed class JobSchedulerWorker(ISchedulerFactory schedulers, JobQueue jobs, JobShutdown shutdown, SchemaState schema, IHostApplicationLifetime lifetime,
    IDatabaseStore store, JobOptions options, TimeProvider clock, ILogger<JobSchedulerWorker> logger)
    : BackgroundService
{
    /// <summary>
    /// A start that finds the database out of reach (a restart, a network fault) is tried again until it succeeds or the
    /// node stops: a failure here would stop the whole node (the host stops when a background service fails).
    /// </summary>
    private readonly ResiliencePipeline _untilReachable = DatabaseRetries.UntilReachable(store.IsUnreachable, retry =>
    {
        logger.LogWarning("The database cannot be reached; background jobs start when it can, next try in {Delay} ({Reason}).",
            retry.RetryDelay, retry.Outcome.Exception?.Message);
        return ValueTask.CompletedTask;
    });

    // Running jobs are told to stop as soon as the host starts stopping, before anything else lets go of what they use.
    private readonly CancellationTokenRegistration _stopping = lifetime.ApplicationStopping.Register(shutdown.Signal);
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.Current.WaitAsync(stoppingToken);
        // On the app's clock, as Quartz keeps time: a zero delay returns at once.
        await Task.Delay(options.StartDelay, clock, stoppingToken);
        await _untilReachable.ExecuteAsync(async cancellationToken =>
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            if (scheduler.Status is not SchedulerStatus.Running)
            {
                await scheduler.Start(cancellationToken);
            }
            _scheduler = scheduler;
            await jobs.ResumeUnfinishedAsync(cancellationToken);
        }, stoppingToken);
    }

    /// <summary>
    /// Before the database goes: the jobs told to stop have put themselves back in the queue, then the scheduler is shut
    /// down. Nothing else shuts it down (Quartz's DI factory does not), and its dispatch thread kept a stopped app's
    /// process alive after SIGTERM, firing jobs into a disposed container.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        shutdown.Signal();
        await shutdown.DrainedAsync().WaitAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
        if (_scheduler is { Status: not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown) } scheduler)
        {
            try
            {
                // Our jobs have already stopped (drained above); waiting for Quartz's own threads too could outlast the
                // host's stop timeout on a clustered store.
                await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                // Quartz keeps schedulers in a process-wide repository: where hosts are built one after another in one
                // process (the in-process tests), the cluster's last check-in can reach an earlier host's disposed
                // container. The scheduler is stopping with this host either way; a process of its own has one host.
            }
        }
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }
}
