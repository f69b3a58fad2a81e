using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Core.Scores;

/// <summary>
/// Which human question a model answers: damaging and goodfaith answer the edit-quality questions on
/// diffs; articlequality answers content quality, itemquality item quality, on revisions. Binary models
/// have a positive class (whose probability is "the score"); multi-class models map classes to answers.
/// </summary>
public sealed record ModelDefinition(string Model, string Facet, string Schema, ArtifactType Type, string? PositiveClass, IReadOnlyDictionary<string, string> ClassTokens)
{
    public bool IsBinary => PositiveClass is not null;

    /// <summary>The positive class, checked to be letters and digits: the analysis writes it into SQL as a literal.</summary>
    public string PlainPositiveClass => PositiveClass is { } positive && positive.All(char.IsAsciiLetterOrDigit)
        ? positive : throw new InvalidOperationException($"Model {Model} has no plain positive class.");

    /// <summary>
    /// Is this stored prediction one of the model's own answers: true or false for a yes-or-no model, one of its classes
    /// (as a JSON string) for the others?
    /// </summary>
    public bool Predicts(string prediction) =>
        IsBinary ? prediction is "true" or "false" : prediction.Length > 2 && prediction[0] == '"' && ClassTokens.ContainsKey(prediction[1..^1]);

    /// <summary>The schema value token a predicted class stands for (e.g. articlequality "C" → contentquality 3).</summary>
    public string? TokenOf(string prediction) =>
        IsBinary ? prediction : ClassTokens.GetValueOrDefault(prediction.Trim('"'));
}

/// <summary>Score bands like ORES' filters: how likely the edit is to have problems.</summary>
public enum ScoreBand
{
    LikelyGood,
    MayHaveProblems,
    LikelyHaveProblems,
    VeryLikelyHaveProblems,
}

/// <summary>Band thresholds on the probability of the "problem" class, per wiki and model ("JadeStudio:Scores:Bands").</summary>
public sealed class BandThresholds
{
    /// <summary>The class that means trouble: true for damaging, false for goodfaith.</summary>
    public string ProblemClass { get; set; } = "true";
    public double MayHaveProblems { get; set; } = 0.2;
    public double LikelyHaveProblems { get; set; } = 0.6;
    public double VeryLikelyHaveProblems { get; set; } = 0.9;

    public ScoreBand BandOf(double problemProbability) =>
        problemProbability >= VeryLikelyHaveProblems ? ScoreBand.VeryLikelyHaveProblems
        : problemProbability >= LikelyHaveProblems ? ScoreBand.LikelyHaveProblems
        : problemProbability >= MayHaveProblems ? ScoreBand.MayHaveProblems
        : ScoreBand.LikelyGood;
}

public sealed class ScoreSettings
{
    /// <summary>wiki → model → thresholds; "*" as wiki applies everywhere not listed.</summary>
    public Dictionary<string, Dictionary<string, BandThresholds>> Bands { get; set; } = new(StringComparer.Ordinal);

    public BandThresholds? BandsFor(string wiki, string model) =>
        (Bands.GetValueOrDefault(wiki)?.GetValueOrDefault(model)) ?? Bands.GetValueOrDefault("*")?.GetValueOrDefault(model) ?? Default(model);

    private static BandThresholds? Default(string model) => model switch
    {
        "damaging" => new BandThresholds { ProblemClass = "true" },
        "goodfaith" => new BandThresholds { ProblemClass = "false" },
        _ => null,
    };
}

public sealed class ModelCatalog
{
    private static readonly Dictionary<string, string> EnwikiQuality = new() { ["Stub"] = "1", ["Start"] = "2", ["C"] = "3", ["B"] = "4", ["GA"] = "5", ["FA"] = "6" };
    private static readonly Dictionary<string, string> Letters = "ABCDE".ToDictionary(c => c.ToString(), c => $"\"{c}\"");

    /// <summary>The models that answer the questions this wiki asks about this artifact type.</summary>
    public IReadOnlyList<ModelDefinition> For(Wiki wiki, ArtifactType type) =>
        wiki.Facets.SelectMany(facet => facet switch
        {
            "editquality" => [Find(wiki.Id, "damaging")!, Find(wiki.Id, "goodfaith")!],
            "contentquality" => [Find(wiki.Id, "articlequality")!],
            "itemquality" => new[] { Find(wiki.Id, "itemquality")! },
            _ => [],
        }).Where(m => m.Type == type).ToList();

    public ModelDefinition? Find(string wiki, string model) => model switch
    {
        "damaging" => new ModelDefinition("damaging", "editquality", "damaging", ArtifactType.Diff, "true", new Dictionary<string, string>()),
        "goodfaith" => new ModelDefinition("goodfaith", "editquality", "goodfaith", ArtifactType.Diff, "true", new Dictionary<string, string>()),
        // nlwiki's article quality classes are the letters A–E, as its human scale.
        "articlequality" => new ModelDefinition("articlequality", "contentquality", "contentquality", ArtifactType.Revision, null, wiki == "nlwiki" ? Letters : EnwikiQuality),
        "itemquality" => new ModelDefinition("itemquality", "itemquality", "itemquality", ArtifactType.Revision, null, Letters),
        _ => null,
    };
}
