using JadeStudio.Core.Judgments;

namespace JadeStudio.Tests.Support;

/// <summary>The JADE rules on one artifact's facet, checked on what the database holds after concurrent writes.</summary>
public static class JadeRules
{
    public static void AssertHeld(IReadOnlyList<Proposal> proposals, IReadOnlyList<Endorsement> endorsements, int users)
    {
        // One proposal per label set, exactly one preferred, one endorsement per user.
        Assert.Equal(proposals.Count, proposals.Select(p => p.LabelData).Distinct().Count());
        Assert.Single(proposals, p => p.Preferred);
        Assert.Equal(users, endorsements.Count);
        Assert.Equal(users, endorsements.Select(e => e.UserId).Distinct().Count());
    }
}
