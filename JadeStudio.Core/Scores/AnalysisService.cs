using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Scores;

/// <summary>Which human answer counts as "the truth" for an artifact.</summary>
public enum HumanLabelSource
{
    /// <summary>The preferred proposal of the facet.</summary>
    Preferred,
    /// <summary>The answer most endorsements support; ties are left out.</summary>
    Majority,
}

public sealed record AnalysisQuery(string Wiki, string Model, string? Version, long? CampaignId, HumanLabelSource Source);

/// <summary>One artifact both scored and judged.</summary>
public sealed record AnalysisItem(ArtifactKey Artifact, double Score, bool Positive);

public sealed record AnalysisData(AnalysisQuery Query, string? Version, IReadOnlyList<string> Versions, int Scored, int Judged, IReadOnlyList<AnalysisItem> Items)
{
    public IReadOnlyList<Observation> Observations => Items.Select(i => new Observation(i.Score, i.Positive)).ToList();
}

/// <summary>Pairs binary model scores with human judgments (optionally only a campaign's artifacts).</summary>
public sealed class AnalysisService(IDbContextFactory<JadeDbContext> contexts, ModelCatalog models)
{
    public async Task<AnalysisData?> LoadAsync(AnalysisQuery query, CancellationToken cancellationToken = default)
    {
        var model = models.Find(query.Wiki, query.Model);
        if (model is not { IsBinary: true })
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = (await VersionsAsync(db, query.Wiki, query.Model, cancellationToken)).OrderByDescending(v => v, StringComparer.Ordinal).ToList();
        var version = query.Version ?? versions.FirstOrDefault();
        if (version is null)
        {
            return new AnalysisData(query, null, versions, 0, 0, []);
        }

        var (pairs, scored, judged) = await PairsAsync(db, query, model, version, cancellationToken);
        return new AnalysisData(query, version, versions, scored, judged, pairs);
    }

    /// <summary>
    /// The model's versions by skipping through the (wiki, model, version, rev id) index one version at a time:
    /// a handful of lookups instead of reading a million index entries.
    /// </summary>
    private static async Task<List<string>> VersionsAsync(JadeDbContext db, string wiki, string model, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT MIN(ModelVersion) FROM scores WHERE Wiki = $wiki AND Model = $model AND ModelVersion > $after";
        var after = command.CreateParameter();
        after.ParameterName = "$after";
        after.Value = "";
        foreach (var (name, value) in new[] { ("$wiki", wiki), ("$model", model) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        command.Parameters.Add(after);
        var versions = new List<string>();
        while (await command.ExecuteScalarAsync(cancellationToken) is string next)
        {
            versions.Add(next);
            after.Value = next;
        }
        return versions;
    }

    /// <summary>
    /// Scored artifacts with their human answer. Two index scans joined here in memory rather than one SQL
    /// join: a million lookups from scores into artifacts and proposals cost SQLite more than a second, while
    /// reading the human answers (one index) and the scores (another) in order takes a fraction of that.
    /// </summary>
    private static async Task<(List<AnalysisItem> Pairs, int Scored, int Judged)> PairsAsync(JadeDbContext db, AnalysisQuery query, ModelDefinition model, string version,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var parameters = new Dictionary<string, object?>
        {
            ["$answer"] = "$.\"" + model.Schema + "\"",
            ["$positive"] = model.PositiveClass,
            ["$facet"] = model.Facet,
            ["$type"] = ArtifactKey.TypeName(model.Type),
            ["$wiki"] = query.Wiki,
            ["$model"] = query.Model,
            ["$version"] = version,
            ["$campaign"] = query.CampaignId,
        };

        // rev id → the human answer (true: the positive class).
        var answers = new Dictionary<long, bool>();
        await ReadAsync(connection, HumanAnswersSql(query.Source), parameters, reader =>
        {
            if (!reader.IsDBNull(1))
            {
                answers[reader.GetInt64(0)] = reader.GetInt64(1) == 1;
            }
        }, cancellationToken);

        // Without a campaign every score counts as scored, judged or not (its artifact may not be stored yet).
        HashSet<long>? campaignRevisions = null;
        if (query.CampaignId is not null)
        {
            campaignRevisions = [];
            await ReadAsync(connection, CampaignRevisionsSql, parameters, reader => campaignRevisions.Add(reader.GetInt64(0)), cancellationToken);
        }

        var pairs = new List<AnalysisItem>();
        var (scored, judged) = (0, 0);
        await ReadAsync(connection, ScoresSql(model), parameters, reader =>
        {
            var revId = reader.GetInt64(0);
            if (campaignRevisions is not null && !campaignRevisions.Contains(revId))
            {
                return;
            }
            scored++;
            if (!answers.TryGetValue(revId, out var positive))
            {
                return;
            }
            judged++;
            if (!reader.IsDBNull(1))
            {
                pairs.Add(new AnalysisItem(new ArtifactKey(query.Wiki, model.Type, revId), reader.GetDouble(1), positive));
            }
        }, cancellationToken);
        return (pairs, scored, judged);
    }

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
    /// (rev id, probability of the positive class) of the version's scores. The probability is written as a
    /// literal, not a parameter: only then can SQLite take it from the expression index IX_scores_true_probability
    /// (for the positive class "true") instead of parsing a million JSON objects.
    /// </summary>
    internal static string ScoresSql(ModelDefinition model)
    {
        if (model.PositiveClass is not { } positive || !positive.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"Model {model.Model} has no plain positive class.", nameof(model));
        }
        return $"""
            SELECT RevId, json_extract(Probabilities, '$."{positive}"') FROM scores
            WHERE Wiki = $wiki AND Model = $model AND ModelVersion = $version AND ErrorType IS NULL
            """;
    }

    private static async Task ReadAsync(System.Data.Common.DbConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters,
        Action<System.Data.Common.DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }
}
