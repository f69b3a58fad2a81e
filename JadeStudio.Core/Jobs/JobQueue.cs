using JadeStudio.Core.Storage;
using JadeStudio.Core.WikiContent;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace JadeStudio.Core.Jobs;

/// <summary>
/// Starts background jobs and reads them for their owners. A job is a row here (its progress) and a Quartz.NET job in
/// the same database (when and where it runs): it survives a restart, and with several nodes runs on one of them, once;
/// if that node dies, another takes it over (the job is marked as asking for recovery).
/// </summary>
public sealed class JobQueue(IDbContextFactory<JadeDbContext> contexts, ISchedulerFactory schedulers, IJobSignal signal, WikiContentOptions content, TimeProvider clock)
{
    /// <summary>The Quartz group of every job JadeStudio schedules.</summary>
    public const string Group = "jadestudio";

    /// <summary>The job data entry naming the <see cref="BackgroundJob"/> row a Quartz job works on.</summary>
    public const string JobIdKey = "jobId";

    /// <summary>
    /// Reads the titles and editors of a campaign's tasks from its wiki in the background (each batch takes what the cache
    /// has and asks the wiki for the rest). Null when content is switched off or the campaign has no tasks.
    /// </summary>
    public async Task<BackgroundJob?> StartCampaignContentAsync(long ownerId, long campaignId, CancellationToken cancellationToken = default)
    {
        if (!content.Enabled)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => c.Wiki).SingleOrDefaultAsync(cancellationToken) is not { } wiki)
        {
            return null;
        }
        var total = await CampaignContentJob.RevisionsOf(db, campaignId).CountAsync(cancellationToken);
        if (total == 0)
        {
            return null;
        }
        var job = new BackgroundJob { Kind = JobKind.CampaignContent, OwnerId = ownerId, CampaignId = campaignId, Wiki = wiki, Total = total, CreatedAt = clock.GetUtcNow() };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var detail = JobBuilder.Create<CampaignContentJob>().WithIdentity($"campaign-content-{job.Id}", Group)
            .UsingJobData(JobIdKey, job.Id).RequestRecovery().Build();
        await scheduler.ScheduleJob(detail, TriggerBuilder.Create().WithIdentity($"campaign-content-{job.Id}", Group).StartAt(job.CreatedAt).Build(), cancellationToken: cancellationToken);
        await signal.JobChangedAsync(job.Id, cancellationToken);
        return job;
    }

    /// <summary>The job, to its owner only (null for anyone else, as for a job that does not exist).</summary>
    public async Task<BackgroundJob?> FindAsync(long jobId, long viewerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId && j.OwnerId == viewerId, cancellationToken);
    }

    /// <summary>The latest job the viewer started for a campaign, if any.</summary>
    public async Task<BackgroundJob?> LatestForCampaignAsync(long campaignId, long viewerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.CampaignId == campaignId && j.OwnerId == viewerId)
            .OrderByDescending(j => j.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The viewer's jobs, newest first.</summary>
    public async Task<IReadOnlyList<BackgroundJob>> OwnedByAsync(long ownerId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.OwnerId == ownerId).OrderByDescending(j => j.Id).Take(limit).ToListAsync(cancellationToken);
    }
}
