using JadeStudio.Core.Jobs;
using Quartz;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Starts this node's Quartz.NET scheduler once the schema is current (its tables come with the migrations) and schedules
/// again the jobs a stop cut off; when the app stops, running jobs are cancelled (they go back to the queue) before Quartz
/// shuts the scheduler down. A node that dies instead leaves its jobs to Quartz's recovery: another node takes them over,
/// or this one when it starts.
/// </summary>
public sealed class JobSchedulerWorker(ISchedulerFactory schedulers, JobQueue jobs, JobShutdown shutdown, SchemaState schema, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    // Quartz shuts its schedulers down itself when the host starts stopping (and only it should: a second shutdown
    // races the first), waiting for running jobs; they are told to stop first. Registered after Quartz's own callback
    // (its factory is resolved before this), so it runs before it.
    private readonly CancellationTokenRegistration _stopping = lifetime.ApplicationStopping.Register(shutdown.Signal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.Current.WaitAsync(stoppingToken);
        var scheduler = await schedulers.GetScheduler(stoppingToken);
        await scheduler.Start(stoppingToken);
        await jobs.ResumeUnfinishedAsync(stoppingToken);
    }

    /// <summary>Before the database goes: the jobs told to stop have put themselves back in the queue.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        shutdown.Signal();
        await shutdown.DrainedAsync().WaitAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }
}
