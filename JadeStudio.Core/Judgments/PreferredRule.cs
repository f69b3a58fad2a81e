namespace JadeStudio.Core.Judgments;

/// <summary>
/// Which proposal of a facet is preferred once endorsements have left it. The preferred proposal is the
/// facet's answer (score badges compare the model with it), so it must not be one nobody supports while
/// another has support: when the facet has lost its preferred proposal, or the preferred one has lost its
/// last endorsement while another still has some, the best-supported proposal takes its place, the oldest
/// on a tie. An explicit choice (setpreferred) stands as long as someone endorses it.
/// </summary>
public static class PreferredRule
{
    /// <summary>The proposal that must become preferred, or null when the current one stands.</summary>
    public static Proposal? Successor(IReadOnlyCollection<Proposal> facetProposals, Func<long, int> support)
    {
        var current = facetProposals.FirstOrDefault(p => p.Preferred);
        if (current is not null && support(current.Id) > 0)
        {
            return null;
        }
        var best = facetProposals.Where(p => p != current)
            .OrderByDescending(p => support(p.Id)).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .FirstOrDefault();
        // With no support anywhere, the current preferred proposal keeps its place.
        return best is null || (current is not null && support(best.Id) == 0) ? null : best;
    }
}
