using JadeStudio.Core.Storage;

namespace JadeStudio.Core.Scores;

/// <summary>What one analysis reads: a model version's scores and the human answers in its facet, on one wiki and artifact type.</summary>
public sealed record AnalysisScope(ModelDefinition Model, string Wiki, string ArtifactType, string Version, long? CampaignId);

/// <summary>
/// The analysis' three reads over up to a million rows, each the store's fastest way (<see cref="SqliteAnalysisReads"/>:
/// prepared statements stepped through SQLite's API over expression indexes; PostgreSQL: streamed data readers).
/// </summary>
public interface IAnalysisReads
{
    /// <summary>Rev ids with a human answer, and whether each answer is the model's positive class (answers that do not say are left out).</summary>
    Task<(List<long> RevIds, List<bool> Positive)> HumanAnswersAsync(JadeDbContext db, HumanLabelSource source, AnalysisScope scope, CancellationToken cancellationToken = default);

    /// <summary>Rev ids of the scope's campaign's tasks.</summary>
    Task<HashSet<long>> CampaignRevisionsAsync(JadeDbContext db, AnalysisScope scope, CancellationToken cancellationToken = default);

    /// <summary>The version's scores in rev id order: rev ids and the positive class's probability (NaN when the score has none).</summary>
    Task<(List<long> RevIds, List<double> Probabilities)> ScoresAsync(JadeDbContext db, AnalysisScope scope, CancellationToken cancellationToken = default);
}
