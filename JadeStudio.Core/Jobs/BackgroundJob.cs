namespace JadeStudio.Core.Jobs;

/// <summary>What a background job does (one kind per job class).</summary>
public enum JobKind
{
    /// <summary>Reads the titles and editors of a campaign's tasks from its wiki after an upload.</summary>
    CampaignContent,
}

public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// A job someone started, as its owner sees it: what it does, how far it got, how it ended. Quartz.NET keeps when and
/// where it runs (its own tables); this row is what pages, the API and live updates read.
/// </summary>
public sealed class BackgroundJob
{
    public long Id { get; set; }
    public JobKind Kind { get; set; }

    /// <summary>Who started it: they (and nobody else) see its progress.</summary>
    public long OwnerId { get; set; }

    public long? CampaignId { get; set; }
    public required string Wiki { get; set; }
    public JobState State { get; set; }
    public int Done { get; set; }
    public int Total { get; set; }

    /// <summary>How often a node began it: more than once only when a node stopped or died while running it.</summary>
    public int Runs { get; set; }

    /// <summary>Why it failed (a <see cref="WikiContent.WikiContentProblem"/>'s kind), for its owner.</summary>
    public string? Problem { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public bool Finished => State is JobState.Succeeded or JobState.Failed;
}
