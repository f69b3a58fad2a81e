using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Http;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.Scores;

/// <summary>A user's report that a model got an artifact wrong, tied to the judgment they made instead.</summary>
public sealed class ModelReport
{
    public long Id { get; set; }
    public long ScoreId { get; set; }
    public long UserId { get; set; }
    public long? ProposalId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Cached scores for artifacts; fetches missing ones from the configured source, when there is one.</summary>
public sealed class ScoreService(CommandWriter writer, IDbContextFactory<JadeDbContext> contexts, ModelCatalog models, WikiCatalog wikis, JudgmentService judgments, ActorLoader actors,
    ILogger<ScoreService> logger, IScoreSource? source = null)
{
    /// <summary>Each page a reader opens may ask the service: while it is down, that is one warning, not one per page.</summary>
    private readonly Outages _outages = new();

    public bool CanFetch => source is not null;

    /// <summary>The newest cached score of each model that answers this artifact's questions.</summary>
    public async Task<IReadOnlyList<StoredScore>> ForArtifactAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        var wiki = wikis.Find(key.Wiki);
        if (wiki is null)
        {
            return [];
        }
        var names = models.For(wiki, key.Type).Select(m => m.Model).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scores = await db.Scores.AsNoTracking().Where(s => s.Wiki == key.Wiki && s.RevId == key.RevId && names.Contains(s.Model)).ToListAsync(cancellationToken);
        return scores.GroupBy(s => s.Model).Select(g => g.OrderByDescending(s => s.FetchedAt).ThenByDescending(s => s.Id).First()).OrderBy(s => names.IndexOf(s.Model)).ToList();
    }

    /// <summary>
    /// Asks the score service for models not cached yet. A failure leaves the cache as it was; it is logged as a warning
    /// when the service stops answering and as one line when it answers again.
    /// </summary>
    public async Task<string?> FetchMissingAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        if (source is null || wikis.Find(key.Wiki) is not { } wiki)
        {
            return null;
        }
        var have = (await ForArtifactAsync(key, cancellationToken)).Select(s => s.Model).ToHashSet();
        foreach (var model in models.For(wiki, key.Type).Where(m => !have.Contains(m.Model)))
        {
            IReadOnlyList<ScoreResult> results;
            try
            {
                results = await source.FetchAsync(key.Wiki, model.Model, [key.RevId], cancellationToken);
            }
            catch (ScoreSourceException failure)
            {
                logger.Log(_outages.Failed(source.Name), "Scores for {Artifact} from {Source} failed: {Code} {Message} (while it fails, logged again only when it answers).",
                    key, source.Name, failure.Code, failure.Message);
                return failure.Code;
            }
            if (_outages.Answered(source.Name))
            {
                logger.LogInformation("{Source} answers again.", source.Name);
            }
            await StoreAsync(results, source.Name, cancellationToken);
        }
        return null;
    }

    /// <summary>Caches results: a later answer for the same (wiki, model, version, revision) replaces the earlier one.</summary>
    public async Task<int> StoreAsync(IReadOnlyList<ScoreResult> results, string sourceName, CancellationToken cancellationToken = default) =>
        (await writer.ExecuteAsync(context => StoreWithinAsync(context, results, sourceName, cancellationToken), cancellationToken)).OrThrow();

    internal static async Task<int> StoreWithinAsync(CommandContext context, IReadOnlyList<ScoreResult> results, string sourceName, CancellationToken cancellationToken)
    {
        foreach (var result in results)
        {
            var existing = await context.Db.Scores.SingleOrDefaultAsync(s => s.Wiki == result.Wiki && s.Model == result.Model && s.ModelVersion == result.ModelVersion && s.RevId == result.RevId, cancellationToken);
            if (existing is null)
            {
                existing = new StoredScore { Wiki = result.Wiki, Model = result.Model, ModelVersion = result.ModelVersion, RevId = result.RevId, Source = sourceName };
                context.Db.Scores.Add(existing);
            }
            existing.Prediction = result.Prediction;
            existing.Probabilities = result.Probabilities is null ? null : JsonSerializer.Serialize(result.Probabilities);
            existing.ErrorType = result.ErrorType;
            existing.ErrorMessage = result.ErrorMessage;
            existing.Source = sourceName;
            existing.FetchedAt = context.Now;
        }
        return results.Count;
    }

    /// <summary>
    /// "This score is wrong": the user's own judgment (propose-or-endorse with the labels they give) and a
    /// report about the model, in one transaction.
    /// </summary>
    public Task<Result<JudgmentOutcome?>> ReportWrongAsync(ActorRef actor, long scoreId, ProposeRequest correction, CancellationToken cancellationToken = default) =>
        judgments.Screened(writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, actor, Right.Judge, BlockAction.Judge, new BlockTarget(correction.Artifact.Wiki, correction.Artifact.ToString()), cancellationToken);
            var score = await context.Db.Scores.SingleOrDefaultAsync(s => s.Id == scoreId, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("score"));
            if (score.Wiki != correction.Artifact.Wiki || score.RevId != correction.Artifact.RevId)
            {
                throw new JadeException(new JadeError.EntityNotFound("score"));
            }
            var outcome = await judgments.ProposeOrEndorseWithinAsync(context, actor, correction, cancellationToken);
            var report = new ModelReport { ScoreId = score.Id, UserId = who.UserId!.Value, ProposalId = outcome?.ProposalId, CreatedAt = context.Now };
            context.Db.ModelReports.Add(report);
            await context.Db.SaveChangesAsync(cancellationToken);
            context.Emit(new StoredEvent
            {
                Type = EventType.ModelReported,
                ActorId = who.UserId,
                Wiki = score.Wiki,
                ArtifactId = outcome?.ArtifactId,
                Facet = correction.Facet,
                ProposalId = outcome?.ProposalId,
                Data = JsonSerializer.Serialize(new { scoreId = score.Id, model = score.Model, version = score.ModelVersion, prediction = score.Prediction }),
            });
            return outcome;
        }, cancellationToken));
}
