using JadeStudio.Core.Events;
using JadeStudio.Core.Schemas;

namespace JadeStudio.Core.Judgments;

/// <summary>
/// A judgment's labels as answers to show: a proposal's, and an event's before and after (the artifact's history and
/// recent changes name what was proposed, endorsed, moved or removed: "removed the endorsement of Damaging, Good faith").
/// </summary>
public static class JudgmentLabels
{
    /// <summary>The labels the event set and those it replaced; none where it carries none or names no known facet.</summary>
    public static (IReadOnlyList<Answer> Labels, IReadOnlyList<Answer> Previous) OfEvent(SchemaCatalog schemas, FeedEvent change)
    {
        var facet = change.Facet is null ? null : schemas.FindFacet(change.Facet);
        var wiki = change.Artifact?.Wiki ?? change.Wiki;
        if (facet is null || wiki is null)
        {
            return ([], []);
        }
        return (Answers(facet, wiki, change.LabelData), Answers(facet, wiki, change.PreviousLabelData));
    }

    /// <summary>Stored label data read as each schema's answer, in the facet's order; none for none.</summary>
    public static IReadOnlyList<Answer> Answers(Facet facet, string wiki, string? labelData) =>
        labelData is null ? [] : LabelData.Read(facet, wiki, labelData).Select(a => new Answer(a.Schema, a.Value)).ToList();
}
