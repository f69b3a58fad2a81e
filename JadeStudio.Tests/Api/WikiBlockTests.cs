using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.WikiBlocks;
using JadeStudio.Tests.Browser;
using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Tests.Api;

/// <summary>
/// JADE's rule: a user blocked on a wiki cannot submit content about that wiki's edits. A block placed on the (fake) wiki
/// after the user started working here refuses their next write on that wiki once the cached answer is renewed, and only there.
/// </summary>
public sealed class WikiBlockTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<(string Wiki, string User), JsonObject> _blocks = new();
    private readonly ConcurrentQueue<string> _asked = new();
    private WebApplication _wiki = default!;
    private JadeWebFactory _app = default!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _wiki = builder.Build();
        _wiki.MapGet("/{wiki}/w/api.php", (string wiki, Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            var query = context.Request.Query;
            if (query["list"] != "blocks")
            {
                return Microsoft.AspNetCore.Http.Results.Text("""{"error":{"code":"badvalue","info":"Not in this fake."}}""", "application/json");
            }
            var users = query["bkusers"].ToString().Split('|');
            _asked.Enqueue($"{wiki}:{string.Join('|', users)}");
            var found = users.Where(u => _blocks.ContainsKey((wiki, u))).Select(u => (JsonNode)_blocks[(wiki, u)].DeepClone()).ToArray();
            return Microsoft.AspNetCore.Http.Results.Text(new JsonObject { ["batchcomplete"] = true, ["query"] = new JsonObject { ["blocks"] = new JsonArray(found) } }.ToJsonString(), "application/json");
        });
        await _wiki.StartAsync();

        var settings = FakeWikiFixture.WikiSettings(_wiki.Urls.First()).ToDictionary(s => s.Key.Replace("__", ":"), s => (string?)s.Value);
        settings["JadeStudio:WikiContent:Enabled"] = "true";
        settings["JadeStudio:WikiBlocks:Enabled"] = "true";
        // Every user is due whenever the test renews the cache; the worker's own rounds stay out of the way.
        settings["JadeStudio:WikiBlocks:CacheSeconds"] = "0";
        settings["JadeStudio:WikiBlocks:RefreshSeconds"] = "3600";
        _app = new JadeWebFactory("Development", settings);
        _app.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _wiki.StopAsync();
        await _wiki.DisposeAsync();
    }

    private void BlockOnWiki(string wiki, string user, bool partial = false) => _blocks[(wiki, user)] = new JsonObject
    {
        ["id"] = 8_812_345,
        ["user"] = user,
        ["by"] = "Wiki Admin",
        ["timestamp"] = "2026-11-30T10:00:00Z",
        ["expiry"] = "2031-01-01T00:00:00Z",
        ["reason"] = "Vandalism on the wiki",
        ["partial"] = partial,
        ["restrictions"] = partial ? new JsonObject { ["pages"] = new JsonArray(new JsonObject { ["id"] = 1, ["ns"] = 0, ["title"] = "Prague" }) } : new JsonArray(),
    };

    private async Task<HttpResponseMessage> ProposeAsync(string token, string wiki) =>
        await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/{wiki}/diff/{ApiHarness.UniqueRevId()}/proposals", token,
            """{"facet":"editquality","labeldata":{"damaging":true,"goodfaith":false}}"""));

    private Task RenewAsync() => _app.Services.GetRequiredService<WikiBlockRefresher>().RefreshAsync(CancellationToken.None);

    [Fact]
    public async Task A_block_placed_on_the_wiki_after_sign_in_refuses_the_next_write_on_that_wiki_and_not_on_another()
    {
        var api = new ApiHarness(_app);
        var name = ApiHarness.Unique("Wiki Vandal");
        var token = await api.TokenAsync(await api.UserAsync(name), Right.Judge);
        Assert.True((await ProposeAsync(token, "enwiki")).IsSuccessStatusCode);
        await RenewAsync();

        BlockOnWiki("enwiki", name);
        await RenewAsync();
        var refused = await ProposeAsync(token, "enwiki");
        var elsewhere = await ProposeAsync(token, "cswiki");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await ApiHarness.JsonAsync(refused);
        Assert.Equal("blocked", problem.GetProperty("code").GetString());
        var block = problem.GetProperty("block");
        Assert.Equal(("wiki", "Vandalism on the wiki", "enwiki"), (block.GetProperty("source").GetString(), block.GetProperty("reason").GetString(), block.GetProperty("wikis")[0].GetString()));
        Assert.Equal(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero), block.GetProperty("expiry").GetDateTimeOffset());
        Assert.True(elsewhere.IsSuccessStatusCode);
        Assert.Contains(_asked, a => a.StartsWith("enwiki:", StringComparison.Ordinal) && a.Contains(name, StringComparison.Ordinal));

        // Lifted on the wiki: the next renewal lets the user write again.
        _blocks.TryRemove(("enwiki", name), out _);
        await RenewAsync();
        Assert.True((await ProposeAsync(token, "enwiki")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_partial_block_on_the_wiki_refuses_nothing_here()
    {
        var api = new ApiHarness(_app);
        var name = ApiHarness.Unique("Partly Blocked");
        var token = await api.TokenAsync(await api.UserAsync(name), Right.Judge);
        BlockOnWiki("enwiki", name, partial: true);
        Assert.True((await ProposeAsync(token, "enwiki")).IsSuccessStatusCode);
        await RenewAsync();

        Assert.True((await ProposeAsync(token, "enwiki")).IsSuccessStatusCode);
    }

    [Fact]
    public void The_refusal_reads_like_a_local_block_with_the_wikis_reason_and_expiry()
    {
        var messages = new JadeStudio.Web.I18n.Messages(JadeStudio.Core.I18n.MessageCatalog.LoadDirectory(RepositoryPaths.I18n), new JadeStudio.Web.I18n.UiLanguage { Code = "en" });
        var block = new BlockDetails(1, 1, false, ["enwiki"], [], [], new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero), "Vandalism on the wiki", 0, DateTimeOffset.UnixEpoch, BlockSource.Wiki);

        var text = JadeStudio.Web.I18n.ErrorText.Block(block, messages);

        Assert.Contains("blocked on enwiki", text, StringComparison.Ordinal);
        Assert.Contains("Vandalism on the wiki", text, StringComparison.Ordinal);
        Assert.Contains("2031", text, StringComparison.Ordinal);
    }
}
