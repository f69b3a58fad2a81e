using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Users;

public sealed class UserDirectoryTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly UserDirectory _users;

    public UserDirectoryTests() => _users = new UserDirectory(_database, TimeProvider.System);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_rename_on_the_provider_keeps_the_same_user()
    {
        var first = await _users.RecordSignInAsync("mediawiki", "46618563", "Example Reviewer", ["user"]);
        var renamed = await _users.RecordSignInAsync("mediawiki", "46618563", "Renamed Reviewer", ["user"]);

        Assert.Equal(first.Id, renamed.Id);
        Assert.Equal("Renamed Reviewer", (await _users.FindAsync(first.Id))!.Name);
    }

    [Fact]
    public async Task The_same_name_from_another_subject_is_another_user()
    {
        var a = await _users.RecordSignInAsync("mediawiki", "1", "Same Name", []);
        var b = await _users.RecordSignInAsync("mediawiki", "2", "Same Name", []);

        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public async Task Group_memberships_follow_the_latest_sign_in()
    {
        var user = await _users.RecordSignInAsync("development", "sysop", "Dev Sysop", ["user", "sysop"]);
        await _users.RecordSignInAsync("development", "sysop", "Dev Sysop", ["user", "oversight"]);

        var groups = (await _users.FindAsync(user.Id))!.Groups.Select(g => g.Group).Order().ToArray();
        Assert.Equal(["oversight", "user"], groups);
    }

    [Fact]
    public async Task The_chosen_language_is_saved_for_the_user()
    {
        var user = await _users.RecordSignInAsync("development", "reviewer", "Dev Reviewer", []);
        await _users.SetLanguageAsync(user.Id, "he");

        Assert.Equal("he", (await _users.FindAsync(user.Id))!.Language);
    }
}
