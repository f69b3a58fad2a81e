using System.Collections.Concurrent;
using JadeStudio.Core.WikiContent;

namespace JadeStudio.Tests.Support;

/// <summary>
/// A wiki for component tests: every revision exists (page "مصر", editor "Example editor"), every diff adds
/// "edit &lt;id&gt;" (under a line-number row), every page version says "Version &lt;id&gt;", the test may hide parts or make the wiki fail; it records the diffs asked for.
/// </summary>
public sealed class ScriptedWiki : IWikiContentSource
{
    public WikiHiding Hidden { get; set; } = WikiHiding.None;
    public WikiContentProblem? Failure { get; set; }
    public ConcurrentQueue<long> DiffRequests { get; } = new();

    /// <summary>Diffs of these revisions are answered only once their task is completed (a slow wiki).</summary>
    public ConcurrentDictionary<long, TaskCompletionSource> HeldDiffs { get; } = new();

    private readonly ConcurrentDictionary<long, byte> _asked = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiters = new();

    /// <summary>Completes once diffs of this many different revisions were asked for (work done in the background).</summary>
    public Task DiffsAskedAsync(int distinct)
    {
        var waiter = _waiters.GetOrAdd(distinct, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_asked.Count >= distinct)
        {
            waiter.TrySetResult();
        }
        return waiter.Task;
    }

    public Task<WikiContentResult<WikiRevisionBatch>> RevisionsAsync(string wiki, IReadOnlyList<long> revIds, bool background, CancellationToken cancellationToken) =>
        Task.FromResult(Failure is { } failure
            ? WikiContentResult<WikiRevisionBatch>.Failed(failure)
            : WikiContentResult<WikiRevisionBatch>.Of(new WikiRevisionBatch(revIds.Select(id => new WikiRevision(wiki, id, id - 1, 5, 0, "مصر", DateTimeOffset.UtcNow.AddHours(-3),
                Hidden.User ? null : "Example editor", Hidden.User ? null : 9, false, Hidden.Comment ? null : "fix a date", 1312, 1119, ["mobile edit"], false, Hidden)).ToList(), [])));

    public async Task<WikiContentResult<WikiDiff>> DiffAsync(string wiki, long revId, CancellationToken cancellationToken)
    {
        if (HeldDiffs.TryGetValue(revId, out var held))
        {
            await held.Task;
        }
        DiffRequests.Enqueue(revId);
        _asked.TryAdd(revId, 0);
        foreach (var (count, waiter) in _waiters)
        {
            if (_asked.Count >= count)
            {
                waiter.TrySetResult();
            }
        }
        return Failure is { } failure ? WikiContentResult<WikiDiff>.Failed(failure)
            : Hidden.Text ? WikiContentResult<WikiDiff>.Failed(new WikiContentProblem.TextHidden(revId))
            : WikiContentResult<WikiDiff>.Of(new WikiDiff(wiki, revId, revId - 1, 1119, 1312,
                "<tr><td colspan=\"2\" class=\"diff-lineno\">Line 1,204:</td><td colspan=\"2\" class=\"diff-lineno\">Line 1,205:</td></tr>"
                + $"<tr><td class=\"diff-marker\" data-marker=\"+\"></td><td class=\"diff-addedline diff-side-added\"><div>edit {revId} added <ins class=\"diffchange\">words</ins><img src=x onerror=alert(1)></div></td></tr>"));
    }

    public Task<WikiContentResult<WikiPageVersion>> PageAsync(string wiki, long revId, CancellationToken cancellationToken) =>
        Task.FromResult(Failure is { } failure ? WikiContentResult<WikiPageVersion>.Failed(failure)
            : Hidden.Text ? WikiContentResult<WikiPageVersion>.Failed(new WikiContentProblem.TextHidden(revId))
            : WikiContentResult<WikiPageVersion>.Of(new WikiPageVersion(wiki, revId, "مصر",
                $"<div class=\"mw-parser-output\"><p>Version {revId} of the page <a href=\"/wiki/Nil\">Nil</a></p><script>alert(1)</script><form action=\"https://evil.example\"><input name=q></form></div>")));
}
