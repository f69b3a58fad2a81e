using JadeStudio.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace JadeStudio.Core.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Quartz.NET on the app's database (the store says how: one node on SQLite, a cluster on PostgreSQL), the job
    /// classes and the sweep's schedule. The host starts the scheduler once the schema is current.
    /// With <paramref name="dumps"/>, the dump job and its schedule too.
    /// Quartz keeps time by the container's TimeProvider, as the rest of the app does, so a job is due when it was queued.
    /// </summary>
    public static IServiceCollection AddJadeJobs(this IServiceCollection services, IDatabaseStore store, JobOptions options, Dumps.DumpOptions? dumps = null)
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
            if (dumps is not null)
            {
                // Durable: on-demand and redaction runs trigger it without a schedule of their own.
                quartz.AddJob<Dumps.DumpJob>(job => job.WithIdentity(Dumps.DumpJob.Key).StoreDurably());
                if (!string.IsNullOrWhiteSpace(dumps.Schedule))
                {
                    quartz.AddTrigger(trigger => trigger.ForJob(Dumps.DumpJob.Key).WithIdentity("dumps-schedule", JobQueue.Group).WithCronSchedule(dumps.Schedule)
                        .UsingJobData(Dumps.DumpJob.ReasonKey, nameof(Dumps.DumpRunReason.Scheduled)));
                }
            }
        });
        return services;
    }
}
