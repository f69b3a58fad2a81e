using Quartz;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Starts this node's Quartz.NET scheduler once the schema is current (its tables come with the migrations), and stops it
/// with the app without waiting for running jobs: a job cut off that way is run again — by this node when it starts, or
/// with several nodes by another one — because every job asks for recovery.
/// </summary>
public sealed class JobSchedulerWorker(ISchedulerFactory schedulers, SchemaState schema) : BackgroundService
{
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.Current.WaitAsync(stoppingToken);
        _scheduler = await schedulers.GetScheduler(stoppingToken);
        await _scheduler.Start(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
        }
    }
}
