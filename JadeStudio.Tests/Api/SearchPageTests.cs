using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>The search page as MediaWiki's Special:Search: a GET form, the search in the address, readable excerpts.</summary>
public sealed class SearchPageTests(SearchPageTests.Factory app) : IClassFixture<SearchPageTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development");

    [Fact]
    public async Task A_search_from_the_address_shows_its_words_in_the_form_and_excerpts_without_markup()
    {
        var user = await app.Services.GetRequiredService<UserDirectory>().RecordSignInAsync("test", "searcher", "Search Writer", []);
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        (await app.Services.GetRequiredService<DiscussionService>().StartThreadAsync(ActorRef.User(user.Id),
            new NewThread(key, "About the lead", "The **platypusian** lead was [blanked](https://en.wikipedia.org/)."))).OrThrow();

        var page = await JadeWebFactory.GetPageAsync(app.CreateClient(), "/search?q=platypusian&wiki=enwiki");

        var form = page.QuerySelector("form[data-testid=search-form]")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("platypusian", page.QuerySelector("[data-testid=search-text]")?.GetAttribute("value"));
        Assert.Equal("The platypusian lead was blanked.", page.QuerySelector("[data-testid=search-snippet]")?.TextContent);
    }

    [Theory]
    [InlineData("Quokka Writer", 1)]
    [InlineData("quokka_Writer", 1)]
    [InlineData("Quokka_Writer ", 1)]
    [InlineData("Quokka", 0)]
    [InlineData("Another Writer", 0)]
    public async Task The_author_field_finds_a_user_by_any_spelling_a_wiki_reads_as_their_name(string author, int hits)
    {
        var users = app.Services.GetRequiredService<UserDirectory>();
        var writer = await users.RecordSignInAsync("test", "quokka", "Quokka Writer", []);
        await users.RecordSignInAsync("test", "another", "Another Writer", []);
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var word = "quokka" + Guid.NewGuid().ToString("N");
        (await app.Services.GetRequiredService<DiscussionService>().StartThreadAsync(ActorRef.User(writer.Id), new NewThread(key, "Quokkas", $"A {word} edit."))).OrThrow();

        var page = await JadeWebFactory.GetPageAsync(app.CreateClient(), $"/search?q={word}&author={Uri.EscapeDataString(author)}");

        Assert.Equal(hits, page.QuerySelectorAll("[data-testid=search-snippet]").Length);
    }
}
