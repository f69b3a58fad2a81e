using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Campaigns;

/// <summary>
/// Labelers' names in a campaign as one reader may see them, for its exports and its statistics alike. A label is the
/// same act as the judgment it made on the artifact: a name hidden on anything that user did on that artifact is
/// hidden on the label too; a hidden account is hidden everywhere.
/// </summary>
internal sealed class LabelerNames
{
    private readonly Dictionary<long, Users.User> _users;
    private readonly Dictionary<(long TaskId, long UserId), FieldVisibility> _levels;
    private readonly Actor _viewer;

    private LabelerNames(Dictionary<long, Users.User> users, Dictionary<(long, long), FieldVisibility> levels, Actor viewer) =>
        (_users, _levels, _viewer) = (users, levels, viewer);

    /// <param name="alsoUsers">Users to name besides the labelers (those who only skipped).</param>
    public static async Task<LabelerNames> LoadAsync(JadeDbContext db, long campaignId, Actor viewer, IEnumerable<long>? alsoUsers = null, CancellationToken cancellationToken = default)
    {
        var ids = await db.CampaignLabels.Where(l => l.CampaignId == campaignId).Select(l => l.UserId).Distinct().ToListAsync(cancellationToken);
        ids = [.. ids.Union(alsoUsers ?? [])];
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        // The few hidden acts first (their own index), then which of their artifacts are this campaign's tasks: joined the
        // other way, the database would look up each of a big campaign's tasks.
        var hidden = await db.Events.Where(e => e.ActorVisibility != FieldVisibility.Visible && e.ActorId != null && e.ArtifactId != null)
            .Select(e => new { Artifact = e.ArtifactId!.Value, User = e.ActorId!.Value, e.ActorVisibility })
            .ToListAsync(cancellationToken);
        var labelers = ids.ToHashSet();
        hidden = [.. hidden.Where(h => labelers.Contains(h.User))];
        var artifactIds = hidden.Select(h => h.Artifact).Distinct().ToList();
        var tasks = await db.CampaignTasks.Where(t => t.CampaignId == campaignId && artifactIds.Contains(t.ArtifactId))
            .Select(t => new { t.ArtifactId, t.Id }).ToDictionaryAsync(t => t.ArtifactId, t => t.Id, cancellationToken);
        var levels = hidden.Where(h => tasks.ContainsKey(h.Artifact)).GroupBy(h => (tasks[h.Artifact], h.User))
            .ToDictionary(g => g.Key, g => g.Max(h => h.ActorVisibility));
        return new LabelerNames(users, levels, viewer);
    }

    /// <summary>The labeler of a label on this task.</summary>
    public RedactedUser On(long taskId, long userId) =>
        Redaction.User(userId, _users[userId].Name, _levels.GetValueOrDefault((taskId, userId)), _users[userId].Hidden, _viewer.Rights);

    /// <summary>A user on no one task (a skip leaves no trace on the artifact).</summary>
    public RedactedUser Of(long userId) => Redaction.User(userId, _users[userId].Name, FieldVisibility.Visible, _users[userId].Hidden, _viewer.Rights);
}
