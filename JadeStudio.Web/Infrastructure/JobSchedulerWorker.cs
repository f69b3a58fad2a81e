using JadeStudio.Core.Jobs;
using JadeStudio.Core.Storage;
using Quartz;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Starts this node's Quartz.NET scheduler once the schema is current (its tables come with the migrations) and schedules
/// again the jobs a stop cut off; when the app stops, running jobs are cancelled (they go back to the queue) before Quartz
/// shuts the scheduler down. A node that dies instead leaves its jobs to Quartz's recovery: another node takes them over,
/// or this one when it starts.
/// </summary>
public sealed class JobSchedulerWorker(ISchedulerFactory schedulers, JobQueue jobs, JobShutdown shutdown, SchemaState schema, IHostApplicationLifetime lifetime,
    IDatabaseStore store, ILogger<JobSchedulerWorker> logger)
    : BackgroundService
{
    /// <summary>How long a start waits before it tries again while the database cannot be reached.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    // Running jobs are told to stop as soon as the host starts stopping, before anything else lets go of what they use.
    private readonly CancellationTokenRegistration _stopping = lifetime.ApplicationStopping.Register(shutdown.Signal);
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.Current.WaitAsync(stoppingToken);
        // A database out of reach for a moment (a restart, a network fault) delays the jobs; a failure here would stop
        // the whole node (the host stops when a background service fails).
        while (true)
        {
            try
            {
                var scheduler = await schedulers.GetScheduler(stoppingToken);
                if (scheduler.Status is not SchedulerStatus.Running)
                {
                    await scheduler.Start(stoppingToken);
                }
                _scheduler = scheduler;
                await jobs.ResumeUnfinishedAsync(stoppingToken);
                return;
            }
            catch (Exception unreachable) when (!stoppingToken.IsCancellationRequested && store.IsUnreachable(unreachable))
            {
                logger.LogWarning("The database cannot be reached; background jobs start when it can ({Reason}).", unreachable.Message);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
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
