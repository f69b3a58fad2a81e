using JadeStudio.Core;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Http;
using JadeStudio.Core.Patrol;
using JadeStudio.Core.Scores;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Reads each patrolled wiki's latest edits into its queue every <see cref="PatrolOptions.PollSeconds"/> (politely: one
/// request of 50 edits, maxlag respected), fetches their damaging scores where a score service is configured, and
/// orders the queue by them.
/// </summary>
public sealed class PatrolFeedWorker(PatrolQueue queue, IRecentChangesSource source, ScoreService scores, PatrolOptions options, ILogger<PatrolFeedWorker> logger) : BackgroundService
{
    private readonly Outages _outages = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.PollSeconds));
        do
        {
            foreach (var wiki in queue.Wikis)
            {
                try
                {
                    await ReadAsync(wiki, stoppingToken);
                }
                catch (Exception exception) when (!exception.IsStopOf(stoppingToken))
                {
                    logger.LogError(exception, "Reading the recent changes of {Wiki} failed; the next round tries again.", wiki);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ReadAsync(string wiki, CancellationToken cancellationToken)
    {
        var result = await source.RecentChangesAsync(wiki, 50, cancellationToken);
        if (result.Value is not { } edits)
        {
            logger.Log(_outages.Failed(wiki), "The recent changes of {Wiki} could not be read ({Problem}); asked again each round (logged again when it answers).", wiki, result.Problem);
            return;
        }
        if (_outages.Answered(wiki))
        {
            logger.LogInformation("The recent changes of {Wiki} can be read again.", wiki);
        }
        var added = await queue.IngestAsync(wiki, edits, cancellationToken);
        if (scores.CanFetch && added.Value > 0)
        {
            foreach (var edit in edits)
            {
                await scores.FetchMissingAsync(new ArtifactKey(wiki, ArtifactType.Diff, edit.RevId), cancellationToken);
            }
            await queue.RescoreAsync(wiki, cancellationToken);
        }
        // A quiet round (nothing new) is the usual case on a small wiki: not worth a line every PollSeconds.
        logger.Log(added.Value > 0 ? LogLevel.Information : LogLevel.Debug, "Patrol queue of {Wiki}: {Added} new edits.", wiki, added.Value);
    }
}
