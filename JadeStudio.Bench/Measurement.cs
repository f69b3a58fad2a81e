using System.Globalization;

namespace JadeStudio.Bench;

/// <summary>How a value compares with its target: as a ratio to the baseline, or as an absolute bound where there is no baseline.</summary>
public enum TargetKind
{
    /// <summary>value / baseline must be at most the target (times, memory).</summary>
    RatioAtMost,
    /// <summary>value / baseline must be at least the target (throughput).</summary>
    RatioAtLeast,
    /// <summary>the value itself must be at most the target.</summary>
    AtMost,
    /// <summary>the value itself must be at least the target.</summary>
    AtLeast,
}

/// <summary>One row of the results table.</summary>
public sealed record Measurement(string Scenario, string What, string Unit, double Value, double? Baseline, TargetKind Kind, double Target, string? Note = null)
{
    public double? Ratio => Baseline is { } b && b > 0 ? Value / b : null;

    public bool Passed => Kind switch
    {
        TargetKind.RatioAtMost => Ratio is { } r && r <= Target,
        TargetKind.RatioAtLeast => Ratio is { } r && r >= Target,
        TargetKind.AtMost => Value <= Target,
        TargetKind.AtLeast => Value >= Target,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    public string TargetText => Kind switch
    {
        TargetKind.RatioAtMost => $"≤ {Format(Target)}× baseline",
        TargetKind.RatioAtLeast => $"≥ {Format(Target)}× baseline",
        TargetKind.AtMost => $"≤ {Format(Target)} {Unit}",
        TargetKind.AtLeast => $"≥ {Format(Target)} {Unit}",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    public static string Format(double value) => value switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
