using System.Net;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>The keys that sign cookies live in the database: two app processes sharing it accept each other's sessions.</summary>
public sealed class SharedKeysTests
{
    [Fact]
    public async Task A_session_begun_on_one_node_is_valid_on_another_that_shares_the_database()
    {
        await using var nodeA = await AppProcess.StartAsync(new Dictionary<string, string> { ["JadeStudio__DemoData__Enabled"] = "false" });
        // Node B has a data folder of its own (as on another machine) and the same database.
        await using var nodeB = await AppProcess.StartAsync(new Dictionary<string, string>(nodeA.SharedDatabaseSettings) { ["JadeStudio__DemoData__Enabled"] = "false" });
        var cookies = new CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = nodeA.BaseAddress };
        var signedIn = await JadeWebFactory.SignInAsync(onA, "reviewer", "/preferences");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

        // The same cookies, sent to node B (another port, same host: the cookie jar sends them there too).
        using var onB = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = nodeB.BaseAddress };
        var page = await JadeWebFactory.GetPageAsync(onB, "/preferences");

        Assert.NotNull(page.QuerySelector("[data-testid=signout]"));
        Assert.Contains("Dev Reviewer", JadeWebFactory.TextOf(page), StringComparison.Ordinal);
        Assert.NotEqual(nodeA.DataDirectory, nodeB.DataDirectory);
    }
}
