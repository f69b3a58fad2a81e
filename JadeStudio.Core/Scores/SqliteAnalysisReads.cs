using JadeStudio.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Scores;

/// <summary>SQLite: prepared statements stepped through SQLite's own API, answers and probabilities read from expression indexes.</summary>
public sealed class SqliteAnalysisReads : IAnalysisReads
{
    public async Task<(List<long> RevIds, List<bool> Positive)> HumanAnswersAsync(JadeDbContext db, HumanLabelSource source, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        var (revIds, positive) = (new List<long>(), new List<bool>());
        using var query = new RawStatement(await OpenAsync(db, cancellationToken), HumanAnswersSql(source)).Bind(Parameters(scope));
        query.ForEachRow(row =>
        {
            if (!row.IsNull(1))
            {
                revIds.Add(row.Int64(0));
                positive.Add(row.Int64(1) == 1);
            }
        }, cancellationToken);
        return (revIds, positive);
    }

    public async Task<HashSet<long>> CampaignRevisionsAsync(JadeDbContext db, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        var revisions = new HashSet<long>();
        using var query = new RawStatement(await OpenAsync(db, cancellationToken), CampaignRevisionsSql).Bind(Parameters(scope));
        query.ForEachRow(row => revisions.Add(row.Int64(0)), cancellationToken);
        return revisions;
    }

    public async Task<(List<long> RevIds, List<double> Probabilities)> ScoresAsync(JadeDbContext db, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        var (revIds, probabilities) = (new List<long>(), new List<double>());
        using var query = new RawStatement(await OpenAsync(db, cancellationToken), ScoresSql(scope.Model)).Bind(Parameters(scope));
        query.ForEachRow(row =>
        {
            revIds.Add(row.Int64(0));
            probabilities.Add(row.IsNull(1) ? double.NaN : row.Double(1));
        }, cancellationToken);
        return (revIds, probabilities);
    }

    private static async Task<SqliteConnection> OpenAsync(JadeDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (SqliteConnection)db.Database.GetDbConnection();
    }

    private static Dictionary<string, object?> Parameters(AnalysisScope scope) => new()
    {
        ["$answer"] = "$.\"" + scope.Model.Schema + "\"",
        ["$positive"] = scope.Model.PositiveClass,
        ["$facet"] = scope.Model.Facet,
        ["$type"] = scope.ArtifactType,
        ["$wiki"] = scope.Wiki,
        ["$model"] = scope.Model.Model,
        ["$version"] = scope.Version,
        ["$campaign"] = scope.CampaignId,
    };

    /// <summary>(rev id, 1 | 0 | null) for every artifact of the wiki and type with a human answer in the facet.</summary>
    internal static string HumanAnswersSql(HumanLabelSource source) => source switch
    {
        // The preferred proposal's answer, read from IX_proposals_preferred_answers: 1 for the positive class,
        // 0 for the other JSON boolean, null when the proposal does not answer this question.
        HumanLabelSource.Preferred => """
            SELECT a.RevId, CASE json_type(p.LabelData, $answer) WHEN $positive THEN 1 WHEN 'true' THEN 0 WHEN 'false' THEN 0 END
            FROM proposals p CROSS JOIN artifacts a ON a.Id = p.ArtifactId
            WHERE p.Facet = $facet AND p.Preferred = 1 AND a.Wiki = $wiki AND a.Type = $type
            """,
        // The answer most endorsements support; ties (and no votes) give null.
        HumanLabelSource.Majority => """
            SELECT a.RevId, CASE WHEN 2 * SUM(v.yes) > SUM(v.vote) THEN 1 WHEN 2 * SUM(v.yes) < SUM(v.vote) THEN 0 END
            FROM (SELECT e.ArtifactId, json_type(p.LabelData, $answer) = $positive AS yes, json_type(p.LabelData, $answer) IN ('true', 'false') AS vote
                  FROM endorsements e JOIN proposals p ON p.Id = e.ProposalId WHERE e.Facet = $facet) v
            JOIN artifacts a ON a.Id = v.ArtifactId
            WHERE a.Wiki = $wiki AND a.Type = $type
            GROUP BY v.ArtifactId
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    private const string CampaignRevisionsSql = """
        SELECT a.RevId FROM campaign_tasks t JOIN artifacts a ON a.Id = t.ArtifactId
        WHERE t.CampaignId = $campaign AND a.Wiki = $wiki AND a.Type = $type
        """;

    /// <summary>
    /// (rev id, probability of the positive class) of the version's scores, in rev id order. The probability is written as a
    /// literal, not a parameter: only then can SQLite take it from the expression index IX_scores_true_probability
    /// (for the positive class "true") instead of parsing a million JSON objects.
    /// </summary>
    internal static string ScoresSql(ModelDefinition model)
    {
        var positive = model.PlainPositiveClass;
        // The expression index exists for the class "true" (every binary model's positive class so far); SQLite 3.53
        // would otherwise prefer the plain (wiki, model, version, rev id) index and parse each row's JSON.
        var index = positive == "true" ? "INDEXED BY IX_scores_true_probability" : "";
        return $"""
            SELECT RevId, json_extract(Probabilities, '$."{positive}"') FROM scores {index}
            WHERE Wiki = $wiki AND Model = $model AND ModelVersion = $version AND ErrorType IS NULL
            ORDER BY RevId
            """;
    }
}
