using System.Text.Json;
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
        var versions = await db.Scores.Where(s => s.Wiki == query.Wiki && s.Model == query.Model).Select(s => s.ModelVersion).Distinct().ToListAsync(cancellationToken);
        versions = versions.OrderByDescending(v => v, StringComparer.Ordinal).ToList();
        var version = query.Version ?? versions.FirstOrDefault();
        if (version is null)
        {
            return new AnalysisData(query, null, versions, 0, 0, []);
        }

        var scores = db.Scores.AsNoTracking().Where(s => s.Wiki == query.Wiki && s.Model == query.Model && s.ModelVersion == version && s.ErrorType == null);
        var artifacts = db.Artifacts.AsNoTracking().Where(a => a.Wiki == query.Wiki && a.Type == model.Type);
        if (query.CampaignId is { } campaign)
        {
            artifacts = artifacts.Where(a => db.CampaignTasks.Any(t => t.CampaignId == campaign && t.ArtifactId == a.Id));
        }
        var scoredArtifacts = scores.Join(artifacts, s => s.RevId, a => a.RevId, (s, a) => new { a.Id, a.RevId, s.Probabilities });
        var scored = await scoredArtifacts.ToListAsync(cancellationToken);
        // A subquery, not a list of ids: a million ids would not fit in one statement.
        var ids = scoredArtifacts.Select(s => s.Id);

        var answers = query.Source switch
        {
            HumanLabelSource.Preferred => await PreferredAsync(db, ids, model, cancellationToken),
            HumanLabelSource.Majority => await MajorityAsync(db, ids, model, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        };
        var items = new List<AnalysisItem>();
        foreach (var s in scored)
        {
            if (!answers.TryGetValue(s.Id, out var human) || s.Probabilities is null)
            {
                continue;
            }
            var probabilities = JsonSerializer.Deserialize<Dictionary<string, double>>(s.Probabilities)!;
            if (probabilities.TryGetValue(model.PositiveClass!, out var p))
            {
                items.Add(new AnalysisItem(new ArtifactKey(query.Wiki, model.Type, s.RevId), p, human));
            }
        }
        // Without a campaign, every score of the model counts as scored, judged or not (its artifact may not be stored yet).
        var scoredCount = query.CampaignId is null ? await scores.CountAsync(cancellationToken) : scored.Count;
        return new AnalysisData(query, version, versions, scoredCount, answers.Count, items);
    }

    /// <summary>artifact id → the preferred proposal's answer to the model's question is the positive class.</summary>
    private static async Task<Dictionary<long, bool>> PreferredAsync(JadeDbContext db, IQueryable<long> ids, ModelDefinition model, CancellationToken cancellationToken)
    {
        var rows = await db.Proposals.AsNoTracking().Where(p => p.Facet == model.Facet && p.Preferred && ids.Contains(p.ArtifactId))
            .Select(p => new { p.ArtifactId, p.LabelData }).ToListAsync(cancellationToken);
        var result = new Dictionary<long, bool>();
        foreach (var row in rows)
        {
            if (Answer(row.LabelData, model) is { } positive)
            {
                result[row.ArtifactId] = positive;
            }
        }
        return result;
    }

    private static async Task<Dictionary<long, bool>> MajorityAsync(JadeDbContext db, IQueryable<long> ids, ModelDefinition model, CancellationToken cancellationToken)
    {
        var rows = await db.Endorsements.AsNoTracking().Where(e => e.Facet == model.Facet && ids.Contains(e.ArtifactId))
            .Join(db.Proposals, e => e.ProposalId, p => p.Id, (e, p) => new { e.ArtifactId, p.LabelData }).ToListAsync(cancellationToken);
        var result = new Dictionary<long, bool>();
        foreach (var artifact in rows.GroupBy(r => r.ArtifactId))
        {
            var votes = artifact.Select(r => Answer(r.LabelData, model)).OfType<bool>().ToList();
            var yes = votes.Count(v => v);
            var no = votes.Count - yes;
            if (yes != no)
            {
                result[artifact.Key] = yes > no;
            }
        }
        return result;
    }

    private static bool? Answer(string labelData, ModelDefinition model)
    {
        using var document = JsonDocument.Parse(labelData);
        return document.RootElement.TryGetProperty(model.Schema, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetRawText() == model.PositiveClass
            : null;
    }
}
