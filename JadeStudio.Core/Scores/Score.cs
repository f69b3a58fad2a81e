using System.Text.Json;

namespace JadeStudio.Core.Scores;

/// <summary>
/// A model's output for one revision, cached: (wiki, model, model version, rev id) is unique. Either a
/// prediction with class probabilities, or the error the service gave for that revision.
/// </summary>
public sealed class StoredScore
{
    public long Id { get; set; }
    public required string Wiki { get; set; }
    public required string Model { get; set; }
    public required string ModelVersion { get; set; }
    public long RevId { get; set; }

    /// <summary>JSON token of the predicted class: <c>true</c>, <c>"C"</c> …; null for an error.</summary>
    public string? Prediction { get; set; }

    /// <summary>JSON object class → probability; null for an error.</summary>
    public string? Probabilities { get; set; }

    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>liftwing, ores, file:&lt;name&gt;, or synthetic:&lt;name&gt; for generated demo scores.</summary>
    public required string Source { get; set; }

    public DateTimeOffset FetchedAt { get; set; }

    public bool IsSynthetic => Source.StartsWith("synthetic:", StringComparison.Ordinal);

    public IReadOnlyDictionary<string, double> ProbabilityMap =>
        Probabilities is null ? new Dictionary<string, double>() : JsonSerializer.Deserialize<Dictionary<string, double>>(Probabilities)!;
}

/// <summary>One revision's result as a source reports it.</summary>
public sealed record ScoreResult(string Wiki, string Model, string ModelVersion, long RevId, string? Prediction, IReadOnlyDictionary<string, double>? Probabilities, string? ErrorType, string? ErrorMessage)
{
    public bool IsError => ErrorType is not null;
}

/// <summary>The service refused the whole request (ORES' request-level error), or answered something unreadable.</summary>
public sealed class ScoreSourceException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>For text that is not JSON at all: where it stops being valid (1 = first character).</summary>
    public string? JsonPosition { get; init; }

    /// <summary>For a prediction that is none of the classes its probability names: the prediction as written.</summary>
    public string? Prediction { get; init; }
}

/// <summary>Where scores come from (Lift Wing, an ORES-compatible service). One port, several adapters.</summary>
public interface IScoreSource
{
    string Name { get; }

    Task<IReadOnlyList<ScoreResult>> FetchAsync(string wiki, string model, IReadOnlyList<long> revIds, CancellationToken cancellationToken);
}
