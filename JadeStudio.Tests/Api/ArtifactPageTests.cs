using System.Net;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

public sealed class ArtifactPageTests : IClassFixture<ArtifactPageTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development");

    private readonly Factory _app;

    public ArtifactPageTests(Factory app) => _app = app;

    [Theory]
    [InlineData("/artifact/enwiki/diff/012345", "not written the canonical way")]
    [InlineData("/artifact/ENWIKI/diff/12345", "not written the canonical way")]
    [InlineData("/artifact/xxwiki/diff/12345", "is not configured on this site")]
    [InlineData("/artifact/enwiki/edit/12345", "is not an artifact id")]
    public async Task A_non_canonical_or_unknown_id_is_an_error_never_silently_fixed(string url, string expected)
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), url, HttpStatusCode.NotFound);

        Assert.Contains(expected, page.QuerySelector("[data-testid=artifact-invalid]")?.TextContent);
    }

    /// <summary>The English interface writes dates as its reader's browser asks: a British reader reads 06/12/2026 for 6 December, not 12/6/2026.</summary>
    [Theory]
    [InlineData("en-GB,en;q=0.9", "en-GB")]
    [InlineData("en-US,en;q=0.9", "en-US")]
    [InlineData("en", "en")]
    [InlineData("fr-FR,en-AU;q=0.8", "en-AU")]
    public async Task Dates_are_written_in_the_readers_regional_form_of_the_interface_language(string acceptLanguage, string culture)
    {
        var users = _app.Services.GetRequiredService<UserDirectory>();
        var reviewer = await users.RecordSignInAsync("development", "reviewer", "Dev Reviewer", ["autoconfirmed"]);
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var proposalId = (await _app.Services.GetRequiredService<JudgmentService>().ProposeOrEndorseAsync(ActorRef.User(reviewer.Id),
            new ProposeRequest(key, "editquality", CoreHarness.EditQuality(true, false)))).OrThrow().ProposalId;
        DateTimeOffset proposed;
        await using (var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>().CreateDbContextAsync())
        {
            proposed = (await db.Proposals.FindAsync(proposalId))!.CreatedAt;
        }
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var page = await JadeWebFactory.GetPageAsync(client, $"/artifact/{key}");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        var written = proposed.UtcDateTime.ToString("g", System.Globalization.CultureInfo.GetCultureInfo(culture)) + " UTC";
        Assert.Contains(written, page.QuerySelector($"#proposal-{proposalId}")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_user_is_offered_no_change_to_their_judgment_and_reads_the_block_once()
    {
        var users = _app.Services.GetRequiredService<UserDirectory>();
        var reviewer = await users.RecordSignInAsync("development", "reviewer", "Dev Reviewer", ["autoconfirmed"]);
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        (await _app.Services.GetRequiredService<JudgmentService>().ProposeOrEndorseAsync(ActorRef.User(reviewer.Id),
            new ProposeRequest(key, "editquality", CoreHarness.EditQuality(true, false)))).OrThrow();
        var sysop = await users.RecordSignInAsync("test", "blocking-sysop", "Blocking Sysop", ["sysop"]);
        var block = (await _app.Services.GetRequiredService<BlockService>().BlockAsync(ActorRef.User(sysop.Id),
            new BlockRequest(reviewer.Id, false, [], [key.ToString()], [], null, "cooling off"))).OrThrow();
        var browser = _app.CreateBrowserLikeClient();
        await JadeWebFactory.SignInAsync(browser, "reviewer");

        try
        {
            var page = await JadeWebFactory.GetPageAsync(browser, $"/artifact/{key}");

            Assert.Single(page.QuerySelectorAll("[data-testid=endorsement]"));
            Assert.Empty(page.QuerySelectorAll("[data-testid=withdraw], [data-testid=edit-notes], [data-testid=delete-proposal], [data-testid=endorse]"));
            Assert.Single(page.QuerySelectorAll("[data-testid=blocked-notice]"));
        }
        finally
        {
            (await _app.Services.GetRequiredService<BlockService>().UnblockAsync(ActorRef.User(sysop.Id), block.Id, "done")).OrThrow();
        }
    }

    [Fact]
    public async Task An_unjudged_artifact_shows_its_link_to_the_wiki_and_that_nobody_judged_it()
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/artifact/cswiki/diff/13331581");

        Assert.Equal("https://cs.wikipedia.org/w/index.php?diff=13331581", page.QuerySelector("[data-testid=wiki-link]")?.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("[data-testid=facet-editquality] [data-testid=no-judgments]"));
    }

    [Fact]
    public async Task Judgments_show_with_labels_notes_endorsers_and_the_preferred_badge()
    {
        var users = _app.Services.GetRequiredService<UserDirectory>();
        var judgments = _app.Services.GetRequiredService<JudgmentService>();
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, 424242);
        var alice = await users.RecordSignInAsync("test", "alice", "Alice", []);
        var bob = await users.RecordSignInAsync("test", "bob", "Bob", []);
        (await judgments.ProposeOrEndorseAsync(ActorRef.User(alice.Id), new ProposeRequest(key, "editquality", """{"damaging":true,"goodfaith":false}""", "Blanked the lead"))).OrThrow();
        (await judgments.ProposeOrEndorseAsync(ActorRef.User(bob.Id), new ProposeRequest(key, "editquality", """{"damaging":true,"goodfaith":true}""", null, "test edit gone wrong"))).OrThrow();

        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/artifact/enwiki/diff/424242");

        var proposals = page.QuerySelectorAll("[data-testid=proposal]");
        Assert.Equal(2, proposals.Length);
        Assert.NotNull(proposals[0].QuerySelector("[data-testid=preferred-badge]"));
        Assert.Contains("Damaging: Yes, damaging", proposals[0].TextContent);
        Assert.Contains("Blanked the lead", proposals[0].TextContent);
        Assert.Contains("Alice", proposals[0].QuerySelector("[data-testid=endorsement]")?.TextContent);
        Assert.Contains("test edit gone wrong", proposals[1].QuerySelector("[data-testid=endorsement]")?.TextContent);
        // The history has a line per judgment (not one for its proposal and one for its judge's endorsement), with its texts.
        var history = page.QuerySelectorAll("[data-testid=history-entry]");
        Assert.Equal(["Judgment", "Judgment"], history.Select(line => line.GetAttribute("data-type")));
        Assert.Equal(["Bob", "judged"], history[0].Children.Skip(1).Take(2).Select(part => part.TextContent.Trim()));
        Assert.Equal(["Damaging: Yes, damaging", "Good faith: Good faith"], history[0].QuerySelectorAll(".jade-label").Select(label => label.TextContent));
        Assert.Equal("test edit gone wrong", history[0].QuerySelector(".jade-comment")?.TextContent);
        Assert.Contains("Blanked the lead", history[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_artifact_list_filters_disputed_artifacts()
    {
        var users = _app.Services.GetRequiredService<UserDirectory>();
        var judgments = _app.Services.GetRequiredService<JudgmentService>();
        var carol = await users.RecordSignInAsync("test", "carol", "Carol", []);
        var dave = await users.RecordSignInAsync("test", "dave", "Dave", []);
        var disputed = new ArtifactKey("cswiki", ArtifactType.Diff, 777);
        var agreed = new ArtifactKey("cswiki", ArtifactType.Diff, 778);
        foreach (var (who, key, damaging) in new[] { (carol, disputed, true), (dave, disputed, false), (carol, agreed, false), (dave, agreed, false) })
        {
            (await judgments.ProposeOrEndorseAsync(ActorRef.User(who.Id), new ProposeRequest(key, "editquality", $"{{\"damaging\":{(damaging ? "true" : "false")},\"goodfaith\":true}}"))).OrThrow();
        }

        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/wikis/cswiki/artifacts?filter=disputed");

        var links = page.QuerySelectorAll("[data-testid=artifact-table] a").Select(a => a.TextContent).ToList();
        Assert.Contains("cswiki/diff/777", links);
        Assert.DoesNotContain("cswiki/diff/778", links);
    }

    [Fact]
    public async Task A_long_history_shows_the_newest_fifty_entries_and_offers_older_ones()
    {
        var users = _app.Services.GetRequiredService<UserDirectory>();
        var judgments = _app.Services.GetRequiredService<JudgmentService>();
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, 434343);
        for (var i = 0; i < 54; i++)
        {
            var user = await users.RecordSignInAsync("test", "history" + i, "History " + i, []);
            (await judgments.ProposeOrEndorseAsync(ActorRef.User(user.Id), new ProposeRequest(key, "editquality", """{"damaging":true,"goodfaith":false}"""))).OrThrow();
        }

        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/artifact/enwiki/diff/434343");

        var entries = page.QuerySelectorAll("[data-testid=history-entry]");
        Assert.Equal(50, entries.Length);
        Assert.Contains("History 53", entries[0].TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=history-older]"));
    }
}
