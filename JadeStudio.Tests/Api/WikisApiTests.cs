using System.Net;
using System.Text;
using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

public sealed class WikisApiTests : IClassFixture<WikisApiTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development");

    private readonly Factory _app;

    public WikisApiTests(Factory app) => _app = app;

    private async Task<JsonElement> ListAsync(string query)
    {
        var response = await _app.CreateClient().GetAsync("/api/v1/wikis/nlwiki/artifacts?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiHarness.JsonAsync(response);
    }

    private static List<string> Ids(JsonElement page) => page.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();

    private static string? Next(JsonElement page) => page.TryGetProperty("next", out var next) ? next.GetString() : null;

    [Fact]
    public async Task A_cursor_walks_every_artifact_once_newest_first_and_cursors_handed_out_before_still_work()
    {
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<JadeDbContext>>().CreateDbContextAsync())
        {
            // Both types of one revision, so that a page can end between them.
            db.AddRange(Enumerable.Range(0, 4).SelectMany(i => new[] { ArtifactType.Diff, ArtifactType.Revision }
                .Select(type => new Artifact { Wiki = "nlwiki", Type = type, RevId = 970_000_000 + i, CreatedAt = DateTimeOffset.UtcNow })));
            await db.SaveChangesAsync();
        }
        var whole = await ListAsync("limit=500");
        var all = Ids(whole);
        Assert.Null(Next(whole));
        Assert.Equal(all.Count, whole.GetProperty("total").GetInt32());
        Assert.Equal(["nlwiki/revision/970000003", "nlwiki/diff/970000003", "nlwiki/revision/970000002"], all.Take(3));

        var walked = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ListAsync("limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            walked.AddRange(Ids(page));
            cursor = Next(page);
        }
        while (cursor is not null && walked.Count <= all.Count);

        Assert.Equal(all, walked);
        var offsetCursor = Convert.ToBase64String(Encoding.ASCII.GetBytes("o3")).TrimEnd('=');
        Assert.Equal(all.Skip(3).Take(2), Ids(await ListAsync("limit=2&cursor=" + offsetCursor)));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("a3Vu")]
    [InlineData("azEyLnBhZ2U")]
    public async Task An_unknown_cursor_is_a_bad_request(string cursor)
    {
        var response = await _app.CreateClient().GetAsync("/api/v1/wikis/nlwiki/artifacts?cursor=" + cursor);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("badrequest", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
    }
}
