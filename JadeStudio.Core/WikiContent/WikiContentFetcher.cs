using System.Collections.Concurrent;
using System.Threading.Channels;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// Reads revision metadata into the cache in the background, one batch of 50 at a time with <c>maxlag</c>, so the
/// wiki is never on the way of a page or an API read: an upload's new artifacts (a job whose progress its page
/// shows), and single revisions an API read found uncached (gathered into batches, each asked of the wiki at most once
/// per <see cref="RetryAfter"/>). The host runs <see cref="RunAsync"/> for the app's lifetime.
/// </summary>
public sealed class WikiContentFetcher(WikiContentService content, IDbContextFactory<JadeDbContext> contexts, WikiContentOptions options, TimeProvider clock)
{
    /// <summary>A revision asked for and not got is not asked again sooner than this.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    private const int MaxRemembered = 100_000;

    // Bounded: a crawler reading a million uncached artifacts must not queue a million reads.
    private readonly Channel<WikiFetchJob> _queue = Channel.CreateBounded<WikiFetchJob>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<string, WikiFetchJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Wiki, long RevId), (DateTimeOffset At, WikiFetchJob Job)> _asked = new();

    /// <summary>The latest job started for this scope (e.g. a campaign's uploads), while the app runs.</summary>
    public WikiFetchJob? Find(string scope) => _jobs.GetValueOrDefault(scope);

    /// <summary>
    /// Reads the metadata of a campaign's tasks in the background (each batch takes what the cache has and asks the
    /// wiki for the rest); the campaign page shows the job's progress. Null when content is switched off.
    /// </summary>
    public async Task<WikiFetchJob?> StartForCampaignAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => c.Wiki).SingleOrDefaultAsync(cancellationToken) is not { } wiki)
        {
            return null;
        }
        var revIds = await db.CampaignTasks.AsNoTracking().Where(t => t.CampaignId == campaignId)
            .Join(db.Artifacts, t => t.ArtifactId, a => a.Id, (t, a) => a.RevId).ToListAsync(cancellationToken);
        return revIds.Count == 0 ? null : Start(CampaignScope(campaignId), wiki, revIds.Distinct().ToList());
    }

    public static string CampaignScope(long campaignId) => $"campaign:{campaignId}";

    private WikiFetchJob Start(string scope, string wiki, IReadOnlyList<long> revIds)
    {
        var job = new WikiFetchJob(scope, wiki, revIds);
        _jobs[scope] = job;
        if (!_queue.Writer.TryWrite(job))
        {
            job.Report(0, new WikiContentProblem.Unavailable("busy"), finished: true);
        }
        return job;
    }

    /// <summary>
    /// A revision an API read found uncached: read soon, with others. Asked again within <see cref="RetryAfter"/>, the
    /// read already under way (or lately done) is returned instead of a new one. Null when content is off or the
    /// queue is full (a later read asks again).
    /// </summary>
    public WikiFetchJob? Request(string wiki, long revId)
    {
        if (!options.Enabled)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        if (_asked.TryGetValue((wiki, revId), out var asked) && now - asked.At < RetryAfter)
        {
            return asked.Job;
        }
        if (_asked.Count >= MaxRemembered)
        {
            _asked.Clear();
        }
        var job = new WikiFetchJob(null, wiki, [revId]);
        _asked[(wiki, revId)] = (now, job);
        if (!_queue.Writer.TryWrite(job))
        {
            // The queue is full: a later read asks again.
            _asked.TryRemove(new KeyValuePair<(string, long), (DateTimeOffset, WikiFetchJob)>((wiki, revId), (now, job)));
            return null;
        }
        return job;
    }

    /// <summary>Works through the queue until the app stops; a failing wiki fails its job, never the loop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            List<WikiFetchJob> jobs = [job];
            // Single requests for the same wiki waiting behind this one go in the same batch.
            while (job.Scope is null && jobs.Count < MediaWikiClient.BatchSize
                && _queue.Reader.TryPeek(out var next) && next.Scope is null && next.Wiki == job.Wiki && _queue.Reader.TryRead(out next))
            {
                jobs.Add(next);
            }
            await RunJobsAsync(jobs, cancellationToken);
        }
    }

    private async Task RunJobsAsync(List<WikiFetchJob> jobs, CancellationToken cancellationToken)
    {
        var wiki = jobs[0].Wiki;
        var revIds = jobs.SelectMany(j => j.RevIds).Distinct().ToList();
        var done = 0;
        try
        {
            foreach (var batch in revIds.Chunk(MediaWikiClient.BatchSize))
            {
                var (_, problem) = await content.FillAsync(wiki, batch, background: true, cancellationToken);
                if (problem is not null)
                {
                    jobs.ForEach(j => j.Report(Math.Min(done, j.Total), problem, finished: true));
                    return;
                }
                done += batch.Length;
                // Gathered single requests finish together; an upload's job reports every batch.
                jobs.ForEach(j => j.Report(Math.Min(done, j.Total), null, finished: done == revIds.Count));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            jobs.ForEach(j => j.Report(Math.Min(done, j.Total), new WikiContentProblem.Unavailable(exception.GetType().Name), finished: true));
        }
    }
}

/// <summary>One background read of revision metadata and how far it got; <see cref="Changed"/> after each batch.</summary>
public sealed class WikiFetchJob(string? scope, string wiki, IReadOnlyList<long> revIds)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _done;
    private volatile bool _finished;

    /// <summary>Whose progress this is (e.g. <c>campaign:7</c>); null for revisions gathered from API reads.</summary>
    public string? Scope { get; } = scope;

    public string Wiki { get; } = wiki;
    public IReadOnlyList<long> RevIds { get; } = revIds;
    public int Total => RevIds.Count;
    public int Done => Volatile.Read(ref _done);
    public bool Finished => _finished;

    /// <summary>Why the job stopped before the end (the wiki unavailable); the revisions read so far stay cached.</summary>
    public WikiContentProblem? Problem { get; private set; }

    public event Action? Changed;

    /// <summary>Completes when the job has finished, read to the end or stopped by a problem.</summary>
    public Task Completion => _completion.Task;

    internal void Report(int done, WikiContentProblem? problem, bool finished)
    {
        Volatile.Write(ref _done, done);
        Problem = problem;
        _finished = finished;
        Changed?.Invoke();
        if (finished)
        {
            _completion.TrySetResult();
        }
    }
}
