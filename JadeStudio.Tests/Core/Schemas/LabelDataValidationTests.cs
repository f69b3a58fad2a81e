using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Judgments;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Schemas;

public sealed class LabelDataValidationTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private static readonly ArtifactKey NlRevision = new("nlwiki", ArtifactType.Revision, 50697358);
    private static readonly ArtifactKey EnRevision = new("enwiki", ArtifactType.Revision, 1);
    private static readonly ArtifactKey CsDiff = new("cswiki", ArtifactType.Diff, 13331581);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    public static TheoryData<string, string, string, string> Invalid() => new()
    {
        // case, facet, labeldata, expected problem ("field:Problem" or "facet:Reason")
        { "extra field", "editquality", """{"damaging":false,"goodfaith":true,"spam":true}""", "spam:UnknownField" },
        { "missing field", "editquality", """{"damaging":false}""", "goodfaith:MissingField" },
        { "wrong type", "editquality", """{"damaging":"no","goodfaith":true}""", "damaging:WrongType" },
        { "number for boolean", "editquality", """{"damaging":0,"goodfaith":true}""", "damaging:WrongType" },
        { "not an object", "editquality", """[false,true]""", ":NotAnObject" },
        { "not JSON", "editquality", """{damaging:false""", ":NotAnObject" },
        { "unknown schema", "vandalism", """{"vandalism":true}""", "facet:UnknownFacet" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_labeldata_is_rejected_with_its_reason(string name, string facet, string labelData, string expected)
    {
        var user = await _core.UserAsync("V");
        var result = await _core.Judgments.ProposeOrEndorseAsync(user, new ProposeRequest(CoreHarness.Diff, facet, labelData));

        var actual = result.Error switch
        {
            JadeError.InvalidLabelData bad => $"{bad.Field}:{bad.Problem}",
            JadeError.IllegalSchema illegal => $"facet:{illegal.Reason}",
            var other => other?.Code ?? "accepted",
        };
        Assert.True(expected == actual, $"{name}: expected {expected}, got {actual}");
    }

    [Theory]
    [InlineData(7, "OutOfRange")]
    [InlineData(0, "OutOfRange")]
    public async Task A_content_quality_outside_1_to_6_is_out_of_range(int value, string problem)
    {
        var user = await _core.UserAsync("Q");

        var result = await _core.Judgments.ProposeOrEndorseAsync(user, new ProposeRequest(EnRevision, "contentquality", $"{{\"contentquality\":{value}}}"));

        Assert.Equal(problem, Assert.IsType<JadeError.InvalidLabelData>(result.Error).Problem.ToString());
    }

    [Fact]
    public async Task Nlwiki_uses_its_own_A_to_E_scale()
    {
        var user = await _core.UserAsync("N");

        var letter = await _core.Judgments.ProposeOrEndorseAsync(user, new ProposeRequest(NlRevision, "contentquality", """{"contentquality":"C"}"""));
        var number = await _core.Judgments.ProposeOrEndorseAsync(user, new ProposeRequest(NlRevision, "contentquality", """{"contentquality":3}"""));

        Assert.True(letter.IsSuccess);
        Assert.Equal(LabelDataProblem.WrongType, Assert.IsType<JadeError.InvalidLabelData>(number.Error).Problem);
    }

    [Fact]
    public async Task A_revision_facet_on_a_diff_is_an_illegal_schema()
    {
        var user = await _core.UserAsync("R");

        var result = await _core.Judgments.ProposeOrEndorseAsync(user, new ProposeRequest(CoreHarness.Diff, "contentquality", """{"contentquality":3}"""));

        Assert.Equal(IllegalSchemaReason.NotForArtifactType, Assert.IsType<JadeError.IllegalSchema>(result.Error).Reason);
        Assert.Equal("jade-illegal-schema", result.Error!.Code);
    }

    [Fact]
    public async Task A_facet_the_wiki_does_not_use_is_an_illegal_schema()
    {
        var user = await _core.UserAsync("W");

        var result = await _core.Judgments.ProposeOrEndorseAsync(user, new ProposeRequest(new ArtifactKey("enwiki", ArtifactType.Revision, 5), "itemquality", """{"itemquality":"A"}"""));

        Assert.Equal(IllegalSchemaReason.NotOnWiki, Assert.IsType<JadeError.IllegalSchema>(result.Error).Reason);
    }

    [Fact]
    public async Task Key_order_and_spacing_do_not_make_different_labels()
    {
        var a = await _core.UserAsync("A");
        var b = await _core.UserAsync("B");

        var first = (await _core.Judgments.ProposeOrEndorseAsync(a, new ProposeRequest(CsDiff, "editquality", """{"damaging":false,"goodfaith":true}"""))).OrThrow();
        var second = (await _core.Judgments.ProposeOrEndorseAsync(b, new ProposeRequest(CsDiff, "editquality", """{ "goodfaith" : true, "damaging" : false }"""))).OrThrow();

        Assert.Equal(first.ProposalId, second.ProposalId);
    }
}
