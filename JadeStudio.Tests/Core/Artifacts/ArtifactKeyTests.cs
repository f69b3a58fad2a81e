using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Tests.Core.Artifacts;

public class ArtifactKeyTests
{
    private static readonly WikiCatalog Wikis = new(WikiCatalog.Defaults);

    [Theory]
    [InlineData("enwiki/diff/12345", "enwiki", ArtifactType.Diff, 12345)]
    [InlineData("wikidatawiki/revision/184877060", "wikidatawiki", ArtifactType.Revision, 184877060)]
    [InlineData("enwiki/diff/9223372036854775807", "enwiki", ArtifactType.Diff, long.MaxValue)]
    public void Canonical_ids_parse(string text, string wiki, ArtifactType type, long revId)
    {
        var parsed = Assert.IsType<ArtifactKeyParse.Valid>(ArtifactKey.Parse(text, Wikis));

        Assert.Equal(new ArtifactKey(wiki, type, revId), parsed.Key);
        Assert.Equal(text, parsed.Key.ToString());
    }

    [Theory]
    [InlineData("enwiki/diff/012345")]
    [InlineData("ENWIKI/diff/12345")]
    [InlineData("enwiki/Diff/12345")]
    [InlineData("enwiki/diffs/12345")]
    [InlineData(" enwiki/diff/12345")]
    [InlineData("enwiki / diff / 12345")]
    [InlineData("enwiki/diff/0999999999999999999")]
    [InlineData("ENWIKI/diff/9223372036854775807")]
    public void Other_spellings_are_refused_as_not_canonical(string text) =>
        Assert.Equal(ArtifactKeyProblem.NotCanonical, Assert.IsType<ArtifactKeyParse.Invalid>(ArtifactKey.Parse(text, Wikis)).Problem);

    [Theory]
    [InlineData("")]
    [InlineData("enwiki/diff/")]
    [InlineData("enwiki/diff/-5")]
    [InlineData("enwiki/diff/0")]
    [InlineData("enwiki/edit/12")]
    [InlineData("enwiki/diff/12/extra")]
    [InlineData("enwiki/diff/99999999999999999999")]
    [InlineData("enwiki/diff/0099999999999999999999")]
    [InlineData("enwiki/diff/9223372036854775808")]
    [InlineData("ENWIKI/diff/000")]
    public void Malformed_ids_are_refused(string text) =>
        Assert.Equal(ArtifactKeyProblem.Malformed, Assert.IsType<ArtifactKeyParse.Invalid>(ArtifactKey.Parse(text, Wikis)).Problem);

    [Fact]
    public void An_unconfigured_wiki_is_refused() =>
        Assert.Equal(ArtifactKeyProblem.UnknownWiki, Assert.IsType<ArtifactKeyParse.Invalid>(ArtifactKey.Parse("xxwiki/diff/5", Wikis)).Problem);
}
