using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Scores;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JadeStudio.Tests.Core.Scores;

/// <summary>A score service that is down, as the log tells it: every page a reader opens asks it, the log says so once.</summary>
public sealed class ScoreServiceOutageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private readonly FakeLogger<ScoreService> _log = new();
    private readonly SwitchableScores _source = new();
    private readonly ScoreService _scores;

    public ScoreServiceOutageTests() =>
        _scores = new ScoreService(_core.Writer, _core.Database, new ModelCatalog(), _core.Wikis, _core.Judgments, _core.Actors, _log, _source);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private sealed class SwitchableScores : IScoreSource
    {
        public bool Down { get; set; }

        public string Name => "liftwing";

        public Task<IReadOnlyList<ScoreResult>> FetchAsync(string wiki, string model, IReadOnlyList<long> revIds, CancellationToken cancellationToken) =>
            Down
                ? throw new ScoreSourceException("unreachable", "liftwing cannot be reached: ConnectionError.")
                : Task.FromResult<IReadOnlyList<ScoreResult>>([.. revIds.Select(id => new ScoreResult(wiki, model, "1.0.0", id, "false",
                    new Dictionary<string, double> { ["true"] = 0.1, ["false"] = 0.9 }, null, null))]);
    }

    private static ArtifactKey Edit(long revId) => new("enwiki", ArtifactType.Diff, revId);

    private IReadOnlyList<FakeLogRecord> Logged(LogLevel atLeast) => [.. _log.Collector.GetSnapshot().Where(r => r.Level >= atLeast)];

    [Fact]
    public async Task A_service_down_while_readers_open_twenty_pages_is_one_warning_and_its_return_one_line()
    {
        _source.Down = true;
        for (var revId = 1L; revId <= 20; revId++)
        {
            Assert.Equal("unreachable", await _scores.FetchMissingAsync(Edit(revId)));
        }

        var warning = Assert.Single(Logged(LogLevel.Warning));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("unreachable", warning.Message, StringComparison.Ordinal);

        _source.Down = false;
        Assert.Null(await _scores.FetchMissingAsync(Edit(21)));
        Assert.Null(await _scores.FetchMissingAsync(Edit(22)));

        Assert.Single(Logged(LogLevel.Information), r => r.Message.Contains("answers again", StringComparison.Ordinal));
        Assert.Equal(2, Logged(LogLevel.Information).Count);
        Assert.NotEmpty(await _scores.ForArtifactAsync(Edit(21)));

        // Down again: a new outage is news again.
        _source.Down = true;
        Assert.Equal("unreachable", await _scores.FetchMissingAsync(Edit(23)));
        Assert.Equal(2, Logged(LogLevel.Warning).Count);
    }
}
