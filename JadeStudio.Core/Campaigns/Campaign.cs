namespace JadeStudio.Core.Campaigns;

/// <summary>How a task is shown: the edit as a diff, or the page as of the revision.</summary>
public enum CampaignView
{
    Diff,
    Page,
}

/// <summary>A Wiki Labels campaign: a facet's questions asked about a list of artifacts.</summary>
public sealed class Campaign
{
    public long Id { get; set; }
    public required string Wiki { get; set; }

    /// <summary>Unique per wiki.</summary>
    public required string Name { get; set; }

    /// <summary>The form: a facet id (editquality, contentquality, itemquality).</summary>
    public required string Facet { get; set; }

    public CampaignView View { get; set; }

    /// <summary>How many different people label each task.</summary>
    public int LabelsPerTask { get; set; } = 1;

    public int TasksPerWorkset { get; set; } = 20;

    /// <summary>How long a workset stays assigned before its unlabeled tasks go back to the pool.</summary>
    public TimeSpan WorksetLifetime { get; set; } = TimeSpan.FromDays(1);

    public bool Active { get; set; } = true;
    public string? InfoUrl { get; set; }

    /// <summary>Markdown, rendered safely.</summary>
    public string? Instructions { get; set; }

    public long CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One artifact in a campaign, with the fields its upload line carried.</summary>
public sealed class CampaignTask
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long ArtifactId { get; set; }

    /// <summary>Upload order; tasks are handed out in this order.</summary>
    public long Position { get; set; }

    /// <summary>Extra fields of the upload line (JSON object), kept as given.</summary>
    public string? Data { get; set; }

    /// <summary>
    /// How many people have labeled the task (labels are never taken back; counted up by one in the command that saves a
    /// first label, so concurrent labelers on several nodes count right). Stored so that handing out worksets passes
    /// over tasks with all their labels in the index instead of counting each one's labels.
    /// </summary>
    public int LabelCount { get; set; }
}

public enum WorksetStatus
{
    Open,
    Completed,
    Abandoned,
}

/// <summary>Tasks assigned to one user for a while.</summary>
public sealed class Workset
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long UserId { get; set; }
    public WorksetStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public bool IsOpenAt(DateTimeOffset now) => Status == WorksetStatus.Open && ExpiresAt > now;

    /// <summary>Labels can be saved or changed until the workset expires, unless it was given back.</summary>
    public bool TakesLabelsAt(DateTimeOffset now) => TakesLabels(Status, ExpiresAt, now);

    public static bool TakesLabels(WorksetStatus status, DateTimeOffset expiresAt, DateTimeOffset now) =>
        status is WorksetStatus.Open or WorksetStatus.Completed && expiresAt > now;
}

/// <summary>
/// A task given to a user. Unique per (task, user): nobody gets a task twice. It holds a place of
/// the task's label capacity while its workset is open, and for good once labeled; a skip gives
/// the place back.
/// </summary>
public sealed class Assignment
{
    public long Id { get; set; }
    public long WorksetId { get; set; }
    public long TaskId { get; set; }
    public long UserId { get; set; }

    /// <summary>Order within the workset.</summary>
    public int Position { get; set; }

    public DateTimeOffset? LabeledAt { get; set; }
    public DateTimeOffset? SkippedAt { get; set; }
}

/// <summary>A user's answers for a task: per question a value token, or unsure.</summary>
public sealed class CampaignLabel
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long TaskId { get; set; }
    public long UserId { get; set; }

    /// <summary>JSON object: schema id → value token, or the string "unsure".</summary>
    public required string Answers { get; set; }

    /// <summary>Every question has a definite answer (so the label also became a judgment).</summary>
    public bool Complete { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
