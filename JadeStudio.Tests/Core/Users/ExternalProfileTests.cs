using System.Text.Json;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Users;

public class ExternalProfileTests
{
    private static JsonElement Fixture() =>
        JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("mediawiki-oauth2-profile.json"))).RootElement;

    [Fact]
    public void The_MediaWiki_profile_fixture_maps_to_a_user()
    {
        var profile = ExternalProfile.Parse(Fixture(), new ProfileClaims())!;

        Assert.Equal("46618563", profile.Subject);
        Assert.Equal("Example Reviewer", profile.Name);
        Assert.Equal(2741, profile.EditCount);
        Assert.Equal(new DateTimeOffset(2015, 2, 12, 8, 30, 11, TimeSpan.Zero), profile.Registered);
        Assert.False(profile.Blocked);
        Assert.Contains("autopatrol", profile.WikiRights);
    }

    [Fact]
    public void Another_providers_claims_are_configured_not_coded()
    {
        var document = JsonDocument.Parse("""{"id": 42, "login": "octo", "roles": ["block"]}""").RootElement;

        var profile = ExternalProfile.Parse(document, new ProfileClaims { Subject = "id", Name = "login", Rights = "roles", Groups = null, Blocked = null, EditCount = null, Registered = null })!;

        Assert.Equal("42", profile.Subject);
        Assert.Equal("octo", profile.Name);
        Assert.Equal(["block"], profile.WikiRights);
    }

    [Theory]
    [InlineData("""{"username": "No Subject"}""")]
    [InlineData("""{"sub": "1"}""")]
    [InlineData("""{"sub": "1", "username": "  "}""")]
    [InlineData("""[]""")]
    public void A_profile_without_subject_or_name_is_refused(string json) =>
        Assert.Null(ExternalProfile.Parse(JsonDocument.Parse(json).RootElement, new ProfileClaims()));

    /// <summary>A user's name and identity are stored up to 255 characters; longer ones are refused on both stores alike.</summary>
    [Theory]
    [InlineData(255, 255, true)]
    [InlineData(256, 1, false)]
    [InlineData(1, 256, false)]
    public void A_profile_is_taken_up_to_the_stored_lengths(int subjectLength, int nameLength, bool taken)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["sub"] = new string('7', subjectLength), ["username"] = new string('N', nameLength) });

        Assert.Equal(taken, ExternalProfile.Parse(JsonDocument.Parse(json).RootElement, new ProfileClaims()) is not null);
    }

    public static TheoryData<string[], Right[]> RightsTable() => new()
    {
        { [], [] },
        { ["read", "edit", "createpage"], [] },
        { ["autopatrol"], [Right.SetPreferred] },
        { ["suppressrevision"], [Right.Suppress, Right.ViewSuppressed, Right.SuppressionLog] },
        { ["block", "delete"], [Right.Block, Right.EditOthersJudgments, Right.DeleteContent, Right.ViewDeleted] },
        { ["userrights"], [Right.ManageGroups] },
    };

    [Theory]
    [MemberData(nameof(RightsTable))]
    public void Wiki_rights_map_to_JadeStudio_rights(string[] wikiRights, Right[] expected) =>
        Assert.Equal(expected.Order(), WikiRightsMap.Defaults().Grants(wikiRights).Keys.Order());

    [Fact]
    public void A_group_name_on_the_wiki_grants_nothing_by_itself()
    {
        // "sysop" is a group name, not a right: only rights map.
        Assert.Empty(WikiRightsMap.Defaults().Grants(["sysop", "oversight", "bureaucrat"]));
    }

    [Fact]
    public void A_map_to_an_unknown_right_is_a_configuration_error() =>
        Assert.Contains("unknown right 'blokc'", Assert.Throws<JadeStudio.Core.Settings.InvalidSettingException>(() => new WikiRightsMap { Map = new() { ["block"] = ["blokc"] } }.Validate()).Message, StringComparison.Ordinal);
}
