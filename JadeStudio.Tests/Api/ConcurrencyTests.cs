using System.Net;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>64 clients at once, writing and reading the same artifact: every answer is a documented one, never a 5xx.</summary>
public sealed class ConcurrencyTests : IClassFixture<ConcurrencyTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Production", new Dictionary<string, string?>
    {
        ["JadeStudio:Api:WritesPerWindow"] = "100000",
    });

    private const int Clients = 64;
    private const int RoundsPerClient = 6;

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public ConcurrencyTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    [Fact]
    public async Task Sixty_four_clients_moving_endorsements_and_reading_one_artifact_get_no_server_error()
    {
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var first = await _api.ProposeAsync(await _api.UserAsync(ApiHarness.Unique("Seed")), key, damaging: true);
        var second = await _api.ProposeAsync(await _api.UserAsync(ApiHarness.Unique("Seed")), key, damaging: false);
        var tokens = new List<string>();
        for (var i = 0; i < Clients; i++)
        {
            tokens.Add(await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Crowd")), Right.Judge));
        }

        var statuses = new System.Collections.Concurrent.ConcurrentBag<(string What, HttpStatusCode Status, string Body)>();
        await Task.WhenAll(tokens.Select((token, index) => Task.Run(async () =>
        {
            using var client = _app.CreateClient();
            for (var round = 0; round < RoundsPerClient; round++)
            {
                // Writers move their endorsement back and forth; every other client also reads between writes.
                var proposal = (round + index) % 2 == 0 ? first : second;
                var write = await client.SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/proposals/{proposal}/endorsements", token, """{"comment":"moving"}"""));
                statuses.Add(("endorse", write.StatusCode, await write.Content.ReadAsStringAsync()));
                var read = await client.GetAsync(index % 2 == 0 ? $"/api/v1/artifacts/{key}" : $"/api/v1/events?artifact={key}&limit=50");
                statuses.Add(("read", read.StatusCode, (int)read.StatusCode >= 500 ? await read.Content.ReadAsStringAsync() : ""));
            }
        })));

        var failures = statuses.Where(s => (int)s.Status >= 500).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} server errors, e.g. {failures.FirstOrDefault()}");
        Assert.Equal(Clients * RoundsPerClient, statuses.Count(s => s.What == "endorse" && s.Status is HttpStatusCode.OK or HttpStatusCode.Created));

        // Every client's endorsement ended where its last write put it: one endorsement per user, none lost.
        var artifact = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/artifacts/{key}"));
        var endorsements = artifact.GetProperty("facets").EnumerateArray().SelectMany(f => f.GetProperty("proposals").EnumerateArray())
            .Sum(p => p.GetProperty("endorsements").GetArrayLength());
        Assert.Equal(Clients + 2, endorsements);
    }
}
