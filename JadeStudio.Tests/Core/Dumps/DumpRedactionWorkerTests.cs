using JadeStudio.Core.Dumps;
using JadeStudio.Core.Events;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JadeStudio.Tests.Core.Dumps;

/// <summary>The worker that queues a dump run after every redaction, whatever queuing one of them meets.</summary>
public sealed class DumpRedactionWorkerTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static StoredEvent Redaction(long seq) => new() { Seq = seq, Type = EventType.ItemRedacted, At = DateTimeOffset.UtcNow };

    private static string? Seq(FakeLogRecord record) => record.StructuredState?.SingleOrDefault(s => s.Key == "Seq").Value;

    public static TheoryData<string> QueuingFailures => ["connection cut", "own time limit"];

    [Theory]
    [MemberData(nameof(QueuingFailures))]
    public async Task A_redaction_whose_run_cannot_be_queued_is_logged_and_the_next_redaction_is_still_heard(string failure)
    {
        var schedulers = new FailingSchedulers
        {
            Failure = failure == "connection cut" ? new IOException("The connection to the database was cut.") : new TaskCanceledException("The ask ran out of its own time."),
        };
        // The second redaction's warning, the moment it is logged.
        var secondWarned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new FakeLogger<DumpRedactionWorker>(FakeLogCollector.Create(new FakeLogCollectorOptions
        {
            OutputSink = line =>
            {
                if (line.Contains("redaction 42", StringComparison.Ordinal))
                {
                    secondWarned.TrySetResult();
                }
            },
        }));
        using var worker = new DumpRedactionWorker(_core.Hub, new DumpRequests(schedulers, _core.Actors, _core.Database), log);
        await worker.StartAsync(CancellationToken.None);

        // Heard from the moment the worker has started, though it runs later.
        _core.Hub.CommittedElsewhere([Redaction(41)]);
        _core.Hub.CommittedElsewhere([Redaction(42)]);
        await Task.WhenAny(secondWarned.Task, worker.ExecuteTask!).WaitAsync(TimeSpan.FromSeconds(30));
        // A failed worker stops the host (BackgroundFailures): it must have gone on to the second redaction.
        Assert.False(worker.ExecuteTask!.IsCompleted, $"The worker ended ({worker.ExecuteTask.Status}): {worker.ExecuteTask.Exception?.GetBaseException().Message}");
        await worker.StopAsync(CancellationToken.None);

        var warned = log.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(Seq).ToList();
        Assert.Equal(["41", "42"], warned);
        Assert.Equal(2, schedulers.Failed);
    }
}
