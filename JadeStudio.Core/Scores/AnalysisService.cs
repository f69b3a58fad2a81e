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

        var (items, judged) = await PairsAsync(db, query, model, version, cancellationToken);
        return new AnalysisData(query, version, versions, items.Scored, judged, items.Pairs);
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
    /// Scored artifacts with their human answer, in one SQL query: SQLite reads the probability and the
    /// answer out of the JSON columns, so a million artifacts never become a million parsed documents here.
    /// </summary>
    private static async Task<((List<AnalysisItem> Pairs, int Scored) Items, int Judged)> PairsAsync(JadeDbContext db, AnalysisQuery query, ModelDefinition model, string version,
        CancellationToken cancellationToken)
    {
        var human = query.Source switch
        {
            // 'true' or 'false' (JSON booleans only), or null when there is no preferred proposal or it does not answer the question.
            HumanLabelSource.Preferred => """
                (SELECT CASE json_type(p.LabelData, $answer) WHEN $positive THEN 1 WHEN 'true' THEN 0 WHEN 'false' THEN 0 END
                 FROM proposals p WHERE p.ArtifactId = a.Id AND p.Facet = $facet AND p.Preferred = 1)
                """,
            // The answer most endorsements support; ties (and no votes) are left out.
            HumanLabelSource.Majority => """
                (SELECT CASE WHEN 2 * SUM(v.yes) > SUM(v.vote) THEN 1 WHEN 2 * SUM(v.yes) < SUM(v.vote) THEN 0 END
                 FROM (SELECT json_type(p.LabelData, $answer) = $positive AS yes, json_type(p.LabelData, $answer) IN ('true', 'false') AS vote
                       FROM endorsements e JOIN proposals p ON p.Id = e.ProposalId WHERE e.ArtifactId = a.Id AND e.Facet = $facet) v)
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        };
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        // A left join: without a campaign every score counts as scored, judged or not (its artifact may not be
        // stored yet), and one pass counts them too.
        command.CommandText = $"""
            SELECT s.RevId, json_extract(s.Probabilities, $probability), {human}
            FROM scores s LEFT JOIN artifacts a ON a.Wiki = s.Wiki AND a.Type = $type AND a.RevId = s.RevId
            WHERE s.Wiki = $wiki AND s.Model = $model AND s.ModelVersion = $version AND s.ErrorType IS NULL
              AND ($campaign IS NULL OR EXISTS (SELECT 1 FROM campaign_tasks t WHERE t.CampaignId = $campaign AND t.ArtifactId = a.Id))
            """;
        void Add(string name, object? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        Add("$probability", "$.\"" + model.PositiveClass + "\"");
        Add("$answer", "$.\"" + model.Schema + "\"");
        Add("$positive", model.PositiveClass);
        Add("$facet", model.Facet);
        Add("$type", ArtifactKey.TypeName(model.Type));
        Add("$wiki", query.Wiki);
        Add("$model", query.Model);
        Add("$version", version);
        Add("$campaign", query.CampaignId);

        var pairs = new List<AnalysisItem>();
        var (scored, judged) = (0, 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            scored++;
            if (reader.IsDBNull(2))
            {
                continue;
            }
            judged++;
            if (!reader.IsDBNull(1))
            {
                pairs.Add(new AnalysisItem(new ArtifactKey(query.Wiki, model.Type, reader.GetInt64(0)), reader.GetDouble(1), reader.GetInt64(2) == 1));
            }
        }
        return ((pairs, scored), judged);
    }
}
