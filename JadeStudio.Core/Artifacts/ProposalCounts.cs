using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Artifacts;

/// <summary>
/// Keeps <see cref="Artifact.ProposalCount"/>: every command that adds or removes proposals of a stored artifact calls this
/// after saving them (an artifact a judgment creates is stored with its one proposal counted, one statement fewer on the
/// writes' hot path).
/// </summary>
internal static class ProposalCounts
{
    /// <summary>
    /// Counts the artifacts' proposals again, in the database: a count read with the artifact may be older than the lock
    /// the command took on it, and counting (through the proposals' artifact index) cannot drift from the rows.
    /// </summary>
    public static Task RecountAsync(JadeDbContext db, IReadOnlyCollection<long> artifactIds, CancellationToken cancellationToken) =>
        db.Artifacts.Where(a => artifactIds.Contains(a.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.ProposalCount, a => db.Proposals.Count(p => p.ArtifactId == a.Id)), cancellationToken);
}
