using JadeStudio.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace JadeStudio.Core.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Quartz.NET on the app's database (the store says how: one node on SQLite, a cluster on PostgreSQL), the job
    /// classes and the sweep's schedule. The host starts the scheduler once the schema is current.
    /// Quartz keeps time by the container's TimeProvider, as the rest of the app does, so a job is due when it was queued.
    /// </summary>
    public static IServiceCollection AddJadeJobs(this IServiceCollection services, IDatabaseStore store, JobOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<JobHub>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobShutdown>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "JadeStudio";
                scheduler.IdleWaitTime = TimeSpan.FromSeconds(options.IdleWaitSeconds);
            });
            quartz.UsePersistentStore(persistent =>
            {
                persistent.ConfigureStore(adoStore => adoStore.TablePrefix = JobSchema.TablePrefix);
                store.ConfigureJobStore(persistent, options);
            });
            quartz.ScheduleJob<SweepJob>(trigger => trigger.WithIdentity("sweep", JobQueue.Group).WithCronSchedule(options.SweepSchedule),
                job => job.WithIdentity(SweepJob.Key));
        });
        return services;
    }
}
