using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Text;

namespace JadeStudio.Tests.Core.Text;

public sealed class EnumNamesTests
{
    [Theory]
    [InlineData("judged", ArtifactFilter.Judged)]
    [InlineData("Disputed", ArtifactFilter.Disputed)]
    [InlineData("ALL", ArtifactFilter.All)]
    public void A_value_is_read_by_its_name_in_any_case(string name, ArtifactFilter expected)
    {
        Assert.True(EnumNames.TryParse<ArtifactFilter>(name, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1")]
    [InlineData("99")]
    [InlineData(" judged")]
    [InlineData("judged,disputed")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("bogus")]
    public void Numbers_lists_and_unknown_names_are_not_values(string? text)
    {
        Assert.False(EnumNames.TryParse<ArtifactFilter>(text, out var parsed));
        Assert.Equal(default, parsed);
    }
}
