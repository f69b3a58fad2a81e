using System.Net;
using System.Text.Json;
using JadeStudio.Core.WikiContent;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JadeStudio.Tests.Api;

/// <summary>Artifact reads carry what the wiki says the revision is, from the cache only: the wiki is never on the read path.</summary>
public sealed class ArtifactRevisionApiTests : IClassFixture<ArtifactRevisionApiTests.Factory>
{
    public static readonly ScriptedWiki Wiki = new();

    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?> { ["JadeStudio:WikiContent:Enabled"] = "true" },
        services => services.Replace(ServiceDescriptor.Singleton<IWikiContentSource>(Wiki)));

    private readonly Factory _app;

    public ArtifactRevisionApiTests(Factory app) => _app = app;

    private async Task<JsonElement> RevisionAsync(string artifact)
    {
        var response = await _app.CreateClient().GetAsync($"/api/v1/artifacts/{artifact}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ApiHarness.JsonAsync(response)).GetProperty("revision");
    }

    /// <summary>The background read the first API read started (asking again joins it), awaited to its end.</summary>
    private async Task BackgroundReadAsync(string artifact)
    {
        var parts = artifact.Split('/');
        var read = _app.Services.GetRequiredService<WikiContentFetcher>().Request(parts[0], long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture))!;
        await read.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(read.Problem);
    }

    [Fact]
    public async Task A_read_says_not_cached_at_once_and_a_later_read_has_title_editor_summary_and_size_change()
    {
        var artifact = $"cswiki/diff/{ApiHarness.UniqueRevId()}";
        var first = await RevisionAsync(artifact);
        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.False(first.TryGetProperty("title", out _));

        // Read in the background after the first answer (the API itself never waits for the wiki); once that read is done, the block is there.
        await BackgroundReadAsync(artifact);
        var revision = await RevisionAsync(artifact);
        Assert.True(revision.GetProperty("cached").GetBoolean());
        Assert.Equal("مصر", revision.GetProperty("title").GetString());
        Assert.Equal("Example editor", revision.GetProperty("user").GetString());
        Assert.Equal("fix a date", revision.GetProperty("comment").GetString());
        Assert.Equal(193, revision.GetProperty("sizeChange").GetInt64());
        Assert.Equal(["mobile edit"], revision.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task An_editor_whose_account_is_hidden_here_has_no_name_in_the_block()
    {
        var api = new ApiHarness(_app);
        var editor = await api.UserAsync("Example editor");
        var oversighter = await api.UserAsync(ApiHarness.Unique("Oversighter"), "oversight", "sysop");
        var artifact = $"cswiki/diff/{ApiHarness.UniqueRevId()}";
        await RevisionAsync(artifact);
        await BackgroundReadAsync(artifact);
        Assert.True((await RevisionAsync(artifact)).GetProperty("cached").GetBoolean());

        var token = await api.TokenAsync(oversighter, JadeStudio.Core.Permissions.Right.Block, JadeStudio.Core.Permissions.Right.HideUser);
        var hidden = await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/blocks", token,
            $$"""{"user":{{editor}},"sitewide":true,"reason":"abusive user name","hideUser":true}"""));
        Assert.Equal(HttpStatusCode.Created, hidden.StatusCode);

        var revision = await RevisionAsync(artifact);
        Assert.True(revision.GetProperty("cached").GetBoolean());
        Assert.True(revision.GetProperty("userHidden").GetBoolean());
        Assert.False(revision.TryGetProperty("user", out _));
        Assert.DoesNotContain("Example editor", await (await _app.CreateClient().GetAsync($"/api/v1/artifacts/{artifact}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
