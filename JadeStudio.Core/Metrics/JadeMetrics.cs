using System.Diagnostics.Metrics;
using JadeStudio.Core.Events;

namespace JadeStudio.Core.Metrics;

/// <summary>
/// JadeStudio's own instruments (System.Diagnostics.Metrics; the web app exports them through OpenTelemetry at
/// <c>/metrics</c>). Labels are wikis, kinds and codes only: never a user, a text or an address.
/// </summary>
public sealed class JadeMetrics : IDisposable
{
    public const string MeterName = "JadeStudio";

    private readonly Meter _meter;
    private readonly Counter<long> _judgments;
    private readonly Counter<long> _comments;
    private readonly Counter<long> _labels;
    private readonly Counter<long> _suppressions;
    private readonly Histogram<double> _commitSeconds;
    private readonly UpDownCounter<long> _feedSubscribers;
    private readonly Counter<long> _wikiRequests;
    private readonly Counter<long> _wikiBackoffs;
    private readonly Counter<long> _apiErrors;
    private readonly Counter<long> _jobsFinished;
    private readonly UpDownCounter<long> _jobsRunning;
    private Func<long> _writerQueueDepth = () => 0;

    public JadeMetrics(IMeterFactory? meters = null)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _judgments = _meter.CreateCounter<long>("jadestudio.judgments", "{judgment}", "Judgments made (endorsements given or moved), by wiki.");
        _comments = _meter.CreateCounter<long>("jadestudio.comments", "{comment}", "Threads started and comments posted, by wiki.");
        _labels = _meter.CreateCounter<long>("jadestudio.labels", "{label}", "Campaign labels saved, by wiki.");
        _suppressions = _meter.CreateCounter<long>("jadestudio.suppressions", "{suppression}", "Fields suppressed and accounts hidden, by wiki (none: a hidden account).");
        // Buckets for a commit's seconds (the default ones are for milliseconds): 1 ms to 5 s.
        _commitSeconds = _meter.CreateHistogram("jadestudio.writer.commit.duration", "s", "Time from a batch's first command to its commit, on the single writer.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _meter.CreateObservableGauge("jadestudio.writer.queue.depth", () => _writerQueueDepth(), "{command}", "Commands waiting for the single writer.");
        _feedSubscribers = _meter.CreateUpDownCounter<long>("jadestudio.feed.subscribers", "{subscriber}", "Open event streams (Server-Sent Events).");
        _wikiRequests = _meter.CreateCounter<long>("jadestudio.wiki.requests", "{request}", "Requests to the wikis' APIs, by wiki and outcome (ok, refused, unavailable).");
        _wikiBackoffs = _meter.CreateCounter<long>("jadestudio.wiki.backoffs", "{retry}", "Requests to a wiki waited out and repeated because it was lagged or limited us.");
        _apiErrors = _meter.CreateCounter<long>("jadestudio.api.errors", "{error}", "Problem answers of the API, by status and code.");
        _jobsFinished = _meter.CreateCounter<long>("jadestudio.jobs.finished", "{job}", "Background job runs that ended, by kind and state.");
        _jobsRunning = _meter.CreateUpDownCounter<long>("jadestudio.jobs.running", "{job}", "Background jobs running on this node.");
    }

    /// <summary>This instance's meter (a listener tells its instruments from those of other apps in the same process).</summary>
    public Meter Meter => _meter;

    /// <summary>The writer tells how to read its queue's length.</summary>
    public void ObserveWriterQueue(Func<long> depth) => _writerQueueDepth = depth;

    /// <summary>Counts what a committed batch did (this node's commits only, so nodes' numbers add up).</summary>
    public void Committed(IReadOnlyList<StoredEvent> events, TimeSpan duration)
    {
        _commitSeconds.Record(duration.TotalSeconds);
        foreach (var e in events)
        {
            var wiki = new KeyValuePair<string, object?>("wiki", e.Wiki ?? "none");
            switch (e.Type)
            {
                case EventType.EndorsementCreated or EventType.EndorsementMoved:
                    _judgments.Add(1, wiki);
                    break;
                case EventType.ThreadStarted or EventType.CommentPosted:
                    _comments.Add(1, wiki);
                    break;
                case EventType.CampaignLabelSaved:
                    _labels.Add(1, wiki);
                    break;
                case EventType.BlockCreated or EventType.VisibilityChanged when Oversight.Suppressions.Counts(e.Type, e.Audience, e.Data):
                    _suppressions.Add(1, wiki);
                    break;
            }
        }
    }

    public void FeedSubscribed() => _feedSubscribers.Add(1);

    public void FeedUnsubscribed() => _feedSubscribers.Add(-1);

    public void WikiRequest(string wiki, string outcome) =>
        _wikiRequests.Add(1, new KeyValuePair<string, object?>("wiki", wiki), new KeyValuePair<string, object?>("outcome", outcome));

    public void WikiBackoff() => _wikiBackoffs.Add(1);

    public void ApiError(int status, string code) =>
        _apiErrors.Add(1, new KeyValuePair<string, object?>("status", status), new KeyValuePair<string, object?>("code", code));

    public void JobStarted() => _jobsRunning.Add(1);

    public void JobEnded(string kind, string state)
    {
        _jobsRunning.Add(-1);
        _jobsFinished.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("state", state));
    }

    public void Dispose() => _meter.Dispose();
}
