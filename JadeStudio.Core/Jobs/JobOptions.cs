using System.ComponentModel.DataAnnotations;

namespace JadeStudio.Core.Jobs;

/// <summary>"JadeStudio:Jobs": the durable background jobs (Quartz.NET on the app's database).</summary>
public sealed class JobOptions
{
    public const string Section = "JadeStudio:Jobs";

    /// <summary>When the sweep runs (a Quartz cron expression: seconds first); once across all nodes.</summary>
    [QuartzCron]
    public string SweepSchedule { get; set; } = "0 7/15 * * * ?";

    /// <summary>Finished jobs' records are kept this long for their owners, then swept.</summary>
    [Range(1, 3650)]
    public int KeepFinishedDays { get; set; } = 30;

    /// <summary>
    /// With several nodes: how often each records that it is alive, and how long past a missed check-in the others wait
    /// before taking over the jobs it was running (a node's jobs restart elsewhere within about the sum of both).
    /// </summary>
    [Range(0.5, 300)]
    public double CheckinSeconds { get; set; } = 7.5;

    [Range(1, 3600)]
    public double CheckinMisfireSeconds { get; set; } = 15;

    /// <summary>How long an idle node waits before looking again for jobs another node queued (its own start at once).</summary>
    [Range(0.1, 300)]
    public double IdleWaitSeconds { get; set; } = 5;

    /// <summary>
    /// How long after its database is found current a node starts its scheduler. Quartz's own start (its threads, the job
    /// store's queries, the jobs a stop cut off, much code compiled for the first time) would otherwise share a restarted
    /// node's two busiest seconds with its first pages (#20's cold start); jobs queued meanwhile wait for it.
    /// </summary>
    [Range(0, 86400)]
    public double StartDelaySeconds { get; set; } = 5;

    /// <summary>
    /// <see cref="StartDelaySeconds"/> as the node waits it: a value that is no delay (negative, not a number) starts the
    /// scheduler at once, and none holds it back more than an hour (a typo must not stop a node's jobs for good).
    /// </summary>
    public TimeSpan StartDelay => double.IsNaN(StartDelaySeconds) ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Clamp(StartDelaySeconds, 0, 3600));
}
