using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Campaigns;

/// <summary>
/// A campaign label's entry in the feed (<see cref="EventType.CampaignLabelSaved"/>) names its labeler. The label is the
/// same act as what they did on the artifact (<see cref="LabelerNames"/>): the entry hides the name wherever any of
/// that is hidden, or its answers would say whose hidden judgment it is.
/// </summary>
internal static class LabelEntries
{
    /// <summary>The most hidden the user's name is on what they did on the artifact (through the index of hidden performers).</summary>
    public static async Task<FieldVisibility> NameLevelAsync(JadeDbContext db, long artifactId, long userId, CancellationToken cancellationToken) =>
        await db.Events.Where(e => e.ArtifactId == artifactId && e.ActorId == userId && e.ActorVisibility != FieldVisibility.Visible && e.Type != EventType.CampaignLabelSaved)
            .MaxAsync(e => (FieldVisibility?)e.ActorVisibility, cancellationToken) ?? FieldVisibility.Visible;

    /// <summary>After a name's visibility changed on one of the user's items on the artifact: their labels' entries follow.</summary>
    public static async Task FollowAsync(JadeDbContext db, long artifactId, long userId, CancellationToken cancellationToken)
    {
        var level = await NameLevelAsync(db, artifactId, userId, cancellationToken);
        await db.Events.Where(e => e.ArtifactId == artifactId && e.ActorId == userId && e.Type == EventType.CampaignLabelSaved && e.ActorVisibility != level)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ActorVisibility, level), cancellationToken);
    }
}
