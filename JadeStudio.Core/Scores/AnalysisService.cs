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

/// <summary>One artifact both scored and judged (a value: an analysis holds a million of them).</summary>
public readonly record struct AnalysisItem(string Wiki, ArtifactType Type, long RevId, double Score, bool Positive)
{
    public ArtifactKey Artifact => new(Wiki, Type, RevId);
}

public sealed record AnalysisData(AnalysisQuery Query, string? Version, IReadOnlyList<string> Versions, int Scored, int Judged, IReadOnlyList<AnalysisItem> Items)
{
    public IReadOnlyList<Observation> Observations => Items.Select(i => new Observation(i.Score, i.Positive)).ToList();
}

/// <summary>The artifacts a model scored within a probability band: all of them, and how many nobody has judged yet.</summary>
public sealed record UncertainBand(IReadOnlyList<ArtifactKey> Artifacts, int Unjudged);

/// <summary>Pairs binary model scores with human judgments (optionally only a campaign's artifacts).</summary>
public sealed class AnalysisService(IDbContextFactory<JadeDbContext> contexts, ModelCatalog models, IDatabaseStore store)
{
    public async Task<AnalysisData?> LoadAsync(AnalysisQuery query, CancellationToken cancellationToken = default)
    {
        var model = models.Find(query.Wiki, query.Model);
        if (model is not { IsBinary: true })
        {
            return null;
        }
        List<string> versions;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            versions = (await VersionsAsync(db, query.Wiki, query.Model, cancellationToken)).OrderByDescending(v => v, StringComparer.Ordinal).ToList();
        }
        var version = query.Version ?? versions.FirstOrDefault();
        if (version is null)
        {
            return new AnalysisData(query, null, versions, 0, 0, []);
        }

        var (pairs, scored, judged) = await PairsAsync(query, model, version, cancellationToken);
        return new AnalysisData(query, version, versions, scored, judged, pairs);
    }

    /// <summary>
    /// Every artifact the model's version scored with the positive class's probability in [low, high], judged or
    /// not: the model's uncertain cases are the ones to send to people, above all those nobody judged yet.
    /// </summary>
    public async Task<UncertainBand> BandAsync(string wiki, string modelId, string version, double low, double high, CancellationToken cancellationToken = default)
    {
        if (models.Find(wiki, modelId) is not { IsBinary: true } model)
        {
            return new UncertainBand([], 0);
        }
        var (revIds, probabilities) = await ReadScoresAsync(new AnalysisScope(model, wiki, ArtifactKey.TypeName(model.Type), version, null), cancellationToken);
        var inBand = revIds.Where((_, i) => probabilities[i] >= low && probabilities[i] <= high).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var judged = new HashSet<long>();
        // In pages, so the IN list stays small whatever the band holds.
        foreach (var chunk in inBand.Chunk(500))
        {
            var revisions = chunk.ToList(); // a list: EF Core cannot translate Contains on a span
            judged.UnionWith(await db.Proposals.Where(p => p.Facet == model.Facet)
                .Join(db.Artifacts.Where(a => a.Wiki == wiki && a.Type == model.Type && revisions.Contains(a.RevId)), p => p.ArtifactId, a => a.Id, (_, a) => a.RevId)
                .ToListAsync(cancellationToken));
        }
        return new UncertainBand(inBand.Select(revId => new ArtifactKey(wiki, model.Type, revId)).ToList(), inBand.Count(r => !judged.Contains(r)));
    }

    /// <summary>
    /// The model's versions by skipping through the (wiki, model, version, rev id) index one version at a time:
    /// a handful of lookups instead of reading a million index entries.
    /// </summary>
    private static async Task<List<string>> VersionsAsync(JadeDbContext db, string wiki, string model, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT MIN(\"ModelVersion\") FROM scores WHERE \"Wiki\" = @wiki AND \"Model\" = @model AND \"ModelVersion\" > @after";
        var after = command.CreateParameter();
        after.ParameterName = "@after";
        after.Value = "";
        foreach (var (name, value) in new[] { ("@wiki", wiki), ("@model", model) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        command.Parameters.Add(after);
        // Past EF Core's interceptors: the NUL character refused here as there.
        NulCharacterGuard.Check(command);
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
    /// reading the human answers (one index) and the scores (another) takes a fraction of that — and the two
    /// scans run at the same time, each on its own connection (so each reads its own snapshot: a judgment
    /// committed between the two is counted or not, as in any report over live data).
    /// </summary>
    private async Task<(List<AnalysisItem> Pairs, int Scored, int Judged)> PairsAsync(AnalysisQuery query, ModelDefinition model, string version,
        CancellationToken cancellationToken)
    {
        var scope = new AnalysisScope(model, query.Wiki, ArtifactKey.TypeName(model.Type), version, query.CampaignId);
        var scoresRead = Task.Run(() => ReadScoresAsync(scope, cancellationToken), cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Human answers by rev id (true: the positive class), sorted to be merged with the scores, which the
        // index gives in rev id order: cheaper than a million-entry hash table.
        var (answerRevIds, answerValues) = await store.AnalysisReads.HumanAnswersAsync(db, query.Source, scope, cancellationToken);
        var (answerKeys, answers) = (answerRevIds.ToArray(), answerValues.ToArray());
        Array.Sort(answerKeys, answers);
        // Without a campaign every score counts as scored, judged or not (its artifact may not be stored yet).
        var campaignRevisions = query.CampaignId is null ? null : await store.AnalysisReads.CampaignRevisionsAsync(db, scope, cancellationToken);

        var (revIds, probabilities) = await scoresRead;
        var pairs = new List<AnalysisItem>(Math.Min(revIds.Count, answerKeys.Length));
        var (scored, judged, next) = (0, 0, 0);
        for (var i = 0; i < revIds.Count; i++)
        {
            var revId = revIds[i];
            if (campaignRevisions is not null && !campaignRevisions.Contains(revId))
            {
                continue;
            }
            scored++;
            while (next < answerKeys.Length && answerKeys[next] < revId)
            {
                next++;
            }
            if (next == answerKeys.Length || answerKeys[next] != revId)
            {
                continue;
            }
            judged++;
            if (!double.IsNaN(probabilities[i]))
            {
                pairs.Add(new AnalysisItem(query.Wiki, model.Type, revId, probabilities[i], answers[next]));
            }
        }
        return (pairs, scored, judged);
    }

    /// <summary>The version's scores in rev id order, on a connection of their own.</summary>
    private async Task<(List<long> RevIds, List<double> Probabilities)> ReadScoresAsync(AnalysisScope scope, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await store.AnalysisReads.ScoresAsync(db, scope, cancellationToken);
    }
}
