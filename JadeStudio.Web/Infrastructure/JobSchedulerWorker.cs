using JadeStudio.Core.Jobs;
using Quartz;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Starts this node's Quartz.NET scheduler once the schema is current (its tables come with the migrations), schedules
/// again the jobs a stop cut off, and stops the scheduler with the app, cancelling running jobs (they go back to the
/// queue). A node that dies instead leaves its jobs to Quartz's recovery: another node takes them over, or this one when
/// it starts.
/// </summary>
public sealed class JobSchedulerWorker(ISchedulerFactory schedulers, JobQueue jobs, SchemaState schema) : BackgroundService
{
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.Current.WaitAsync(stoppingToken);
        _scheduler = await schedulers.GetScheduler(stoppingToken);
        await _scheduler.Start(stoppingToken);
        await jobs.ResumeUnfinishedAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is { } scheduler)
        {
            // Running jobs are cancelled (ShutdownJobInterruption.Always) and given the moment they need to put themselves back in the queue.
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }
}
