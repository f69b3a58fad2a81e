using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Users;

public sealed class UserDirectoryTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private UserDirectory _users => _core.Users;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task A_rename_on_the_provider_keeps_the_same_user()
    {
        var first = await _users.RecordSignInAsync("mediawiki", "46618563", "Example Reviewer", ["user"]);
        var renamed = await _users.RecordSignInAsync("mediawiki", "46618563", "Renamed Reviewer", ["user"]);

        Assert.Equal(first.Id, renamed.Id);
        Assert.Equal("Renamed Reviewer", (await _users.FindAsync(first.Id))!.Name);
    }

    [Theory]
    [InlineData("Pick", new[] { "Picked Reviewer", "Picker" })]
    [InlineData("Picked_R", new[] { "Picked Reviewer" })]
    [InlineData("pick", new[] { "Picked Reviewer", "Picker" })]
    [InlineData("Picked r", new string[0])]
    [InlineData("%p", new[] { "%pick" })]
    [InlineData("Pi_k", new[] { "Pi k" })]
    [InlineData(" _ ", new string[0])]
    [InlineData("\U0001D4B6", new[] { "\U0001D4B6 script" })]
    public async Task The_picker_finds_names_by_their_start_as_a_wiki_reads_it_alike_on_both_stores(string typed, string[] found)
    {
        foreach (var (subject, name) in new[] { ("1", "Picked Reviewer"), ("2", "Picker"), ("3", "Other"), ("4", "Pi k"), ("5", "%pick"), ("6", "\U0001D4B6 script") })
        {
            await _users.RecordSignInAsync("mediawiki", subject, name, []);
        }

        Assert.Equal(found, (await _users.SearchAsync(typed)).Select(u => u.Name));
    }

    [Fact]
    public async Task The_same_name_from_another_subject_is_another_user()
    {
        var a = await _users.RecordSignInAsync("mediawiki", "1", "Same Name", []);
        var b = await _users.RecordSignInAsync("mediawiki", "2", "Same Name", []);

        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public async Task Initial_groups_apply_at_the_first_sign_in_only_so_managers_changes_stick()
    {
        var user = await _users.RecordSignInAsync("development", "sysop", "Dev Sysop", ["sysop"]);
        await _users.RecordSignInAsync("development", "sysop", "Dev Sysop", ["oversight"]);

        var groups = (await _users.FindAsync(user.Id))!.Groups.Select(g => g.Group).ToArray();
        Assert.Equal(["sysop"], groups);
    }

    [Fact]
    public async Task The_chosen_language_is_saved_for_the_user()
    {
        var user = await _users.RecordSignInAsync("development", "reviewer", "Dev Reviewer", []);
        await _users.SetLanguageAsync(user.Id, "he");

        Assert.Equal("he", (await _users.FindAsync(user.Id))!.Language);
    }
}
