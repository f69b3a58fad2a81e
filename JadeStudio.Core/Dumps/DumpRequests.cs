using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace JadeStudio.Core.Dumps;

/// <summary>Starts dump runs outside the schedule: on an operator's request, and after every redaction.</summary>
public sealed class DumpRequests(ISchedulerFactory schedulers, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts)
{
    /// <summary>A public and a full dump now (right <c>viewprivatedumps</c>: those who may read everything decide when it is written).</summary>
    public async Task<Result<bool>> RequestAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            try
            {
                await actors.RequireAdministratorAsync(db, actor, Right.ViewPrivateDumps, cancellationToken);
            }
            catch (JadeException refused)
            {
                return refused.Error;
            }
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(DumpJob.Key, new JobDataMap { [DumpJob.ReasonKey] = nameof(DumpRunReason.Scheduled) }, cancellationToken);
        return true;
    }

    /// <summary>Whether a committed event hides something a public dump may carry (see <see cref="DumpCatalog"/>).</summary>
    public static bool IsRedaction(StoredEvent committed) =>
        committed.Type == EventType.ItemRedacted || (committed.Type == EventType.BlockCreated && committed.Audience == EventAudience.SuppressionLog);

    /// <summary>
    /// Queues a redaction run for a committed redaction, once however many nodes heard of it: the trigger is named after
    /// the event.
    /// </summary>
    public async Task AfterRedactionAsync(long seq, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = TriggerBuilder.Create().WithIdentity($"dumps-redaction-{seq}", Jobs.JobQueue.Group).ForJob(DumpJob.Key)
            .UsingJobData(DumpJob.ReasonKey, nameof(DumpRunReason.Redaction)).StartNow().Build();
        try
        {
            await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node queued it.
        }
    }
}
