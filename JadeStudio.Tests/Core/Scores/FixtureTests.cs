using JadeStudio.Core.Scores;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Scores;

/// <summary>Every wire format in shared/fixtures parses to what it says.</summary>
public class FixtureTests
{
    private static string Fixture(string name) => File.ReadAllText(RepositoryPaths.Fixture(name));

    [Fact]
    public void ORES_v3_scores_for_two_models_and_two_revisions()
    {
        var results = OresResponse.Parse(Fixture("ores-v3-scores-enwiki.json"));

        Assert.Equal(4, results.Count);
        var damaging = results.Single(r => r.RevId == 1096855067 && r.Model == "damaging");
        Assert.Equal(("enwiki", "0.5.1", "true"), (damaging.Wiki, damaging.ModelVersion, damaging.Prediction));
        Assert.Equal(0.8871, damaging.Probabilities!["true"]);
        Assert.Equal(0.2298, results.Single(r => r.RevId == 1096855067 && r.Model == "goodfaith").Probabilities!["true"]);
    }

    [Fact]
    public void A_per_revision_error_is_that_revisions_result()
    {
        var results = OresResponse.Parse(Fixture("ores-v3-score-error.json"));

        var error = results.Single(r => r.RevId == 123);
        Assert.True(error.IsError);
        Assert.Equal("RevisionNotFound", error.ErrorType);
        Assert.Contains("Could not find revision", error.ErrorMessage);
        Assert.False(results.Single(r => r.RevId == 1096855066).IsError);
    }

    [Fact]
    public void A_request_level_error_is_raised_with_its_code()
    {
        var failure = Assert.Throws<ScoreSourceException>(() => OresResponse.Parse(Fixture("ores-v3-request-error.json")));

        Assert.Equal("bad request", failure.Code);
        Assert.Contains("Max of 50", failure.Message);
    }

    [Fact]
    public void Lift_Wing_binary_and_multiclass_answers_parse()
    {
        var damaging = Assert.Single(OresResponse.Parse(Fixture("liftwing-damaging-predict.json")));
        var quality = Assert.Single(OresResponse.Parse(Fixture("liftwing-articlequality-predict.json")));

        Assert.Equal(("false", 0.0737), (damaging.Prediction, damaging.Probabilities!["true"]));
        Assert.Equal(("\"C\"", "0.9.2"), (quality.Prediction, quality.ModelVersion));
        Assert.Equal(6, quality.Probabilities!.Count);
        Assert.Equal("3", new ModelCatalog().Find("enwiki", "articlequality")!.TokenOf(quality.Prediction!));
    }

    /// <summary>A prediction names one of the classes the probability gives; "true" written as a string is the yes-or-no answer.</summary>
    [Theory]
    [InlineData("""{"prediction": false, "probability": {"false": 0.9, "true": 0.1}}""", "false")]
    [InlineData("""{"prediction": "true", "probability": {"false": 0.1, "true": 0.9}}""", "true")]
    [InlineData("""{"prediction": "Stub", "probability": {"Stub": 0.9, "C": 0.1}}""", "\"Stub\"")]
    [InlineData("""{"prediction": ["Culture.Media", "STEM"], "probability": {"Culture.Media": 0.9, "STEM": 0.6, "History": 0.1}}""", "[\"Culture.Media\", \"STEM\"]")]
    public void A_prediction_is_stored_as_the_class_it_names(string score, string stored) =>
        Assert.Equal(stored, Assert.Single(OresResponse.Parse("""{"enwiki": {"scores": {"1": {"m": {"score": """ + score + "}}}}}")).Prediction);

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"enwiki": {"models": {}}}""")]
    [InlineData("""{"enwiki": {"scores": {"abc": {}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": {"nothing": 1}}}}}""")]
    [InlineData("""{"enwiki": 5}""")]
    [InlineData("""{"enwiki": {"scores": {"1": []}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": "high"}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": {"score": 1}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": {"score": {"prediction": true, "probability": {"true": "0.9"}}}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": {"score": {"prediction": true, "probability": {"true": -0.1}}}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"01": {"damaging": {"score": {"prediction": true}}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": {"score": {"prediction": true}}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": {"score": {"prediction": "maybe", "probability": {"true": 0.4, "false": 0.6}}}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": {"score": {"prediction": 1, "probability": {"true": 0.4, "false": 0.6}}}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"damaging": {"score": {"prediction": null, "probability": {"true": 0.4, "false": 0.6}}}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"articlequality": {"score": {"prediction": "FA+", "probability": {"C": 0.4, "B": 0.6}}}}}}}""")]
    [InlineData("""{"enwiki": {"scores": {"1": {"drafttopic": {"score": {"prediction": ["Culture", 2], "probability": {"Culture": 0.9}}}}}}}""")]
    public void Malformed_answers_are_refused(string json) =>
        Assert.Equal("malformed", Assert.Throws<ScoreSourceException>(() => OresResponse.Parse(json)).Code);
}
