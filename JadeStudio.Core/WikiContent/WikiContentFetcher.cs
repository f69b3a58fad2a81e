using System.Collections.Concurrent;
using System.Threading.Channels;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// Reads single revisions an API read found uncached into the cache in the background, gathered into batches of up to
/// 50 with <c>maxlag</c> (each revision asked of the wiki at most once per <see cref="RetryAfter"/>), so the wiki is never
/// on the way of an API read. The host runs <see cref="RunAsync"/> for the app's lifetime. In process, not a durable
/// job (as an upload's reads are, <see cref="Jobs.CampaignContentJob"/>): such a read has no owner waiting for it, and
/// one lost with its node is asked for again by the next read of the revision.
/// </summary>
public sealed class WikiContentFetcher(WikiContentService content, WikiContentOptions options, TimeProvider clock)
{
    /// <summary>A revision asked for and not got is not asked again sooner than this.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    private const int MaxRemembered = 100_000;

    // Bounded: a crawler reading a million uncached artifacts must not queue a million reads.
    private readonly Channel<WikiFetchJob> _queue = Channel.CreateBounded<WikiFetchJob>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<(string Wiki, long RevId), (DateTimeOffset At, WikiFetchJob Job)> _asked = new();

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
        var job = new WikiFetchJob(wiki, [revId]);
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
            // Requests for the same wiki waiting behind this one go in the same batch.
            while (jobs.Count < MediaWikiClient.BatchSize && _queue.Reader.TryPeek(out var next) && next.Wiki == job.Wiki && _queue.Reader.TryRead(out next))
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
                jobs.ForEach(j => j.Report(Math.Min(done, j.Total), null, finished: done == revIds.Count));
            }
        }
        catch (Exception exception) when (!exception.IsStopOf(cancellationToken))
        {
            jobs.ForEach(j => j.Report(Math.Min(done, j.Total), new WikiContentProblem.Unavailable(exception.GetType().Name), finished: true));
        }
    }
}

/// <summary>One background read of revision metadata and how it ended.</summary>
public sealed class WikiFetchJob(string wiki, IReadOnlyList<long> revIds)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _done;
    private volatile bool _finished;

    public string Wiki { get; } = wiki;
    public IReadOnlyList<long> RevIds { get; } = revIds;
    public int Total => RevIds.Count;
    public int Done => Volatile.Read(ref _done);
    public bool Finished => _finished;

    /// <summary>Why the job stopped before the end (the wiki unavailable); the revisions read so far stay cached.</summary>
    public WikiContentProblem? Problem { get; private set; }

    /// <summary>Completes when the job has finished, read to the end or stopped by a problem.</summary>
    public Task Completion => _completion.Task;

    internal void Report(int done, WikiContentProblem? problem, bool finished)
    {
        Volatile.Write(ref _done, done);
        Problem = problem;
        _finished = finished;
        if (finished)
        {
            _completion.TrySetResult();
        }
    }
}
