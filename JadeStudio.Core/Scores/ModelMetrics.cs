using System.Globalization;
using System.Text.RegularExpressions;

namespace JadeStudio.Core.Scores;

/// <summary>A model's probability for the positive class, and whether humans said it is positive.</summary>
public readonly record struct Observation(double Score, bool Positive);

/// <summary>Counts at one threshold (positive predicted when score ≥ threshold) and the measures ORES reports.</summary>
public sealed record ThresholdStats(double Threshold, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public double? Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    public double? Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double? FalsePositiveRate => Ratio(FalsePositives, FalsePositives + TrueNegatives);
    public double? Accuracy => Ratio(TruePositives + TrueNegatives, Total);
    public double? F1 => Precision is { } p && Recall is { } r && p + r > 0 ? 2 * p * r / (p + r) : null;
    public double? MatchRate => Ratio(TruePositives + FalsePositives, Total);
    public double? FilterRate => MatchRate is { } m ? 1 - m : null;
    /// <summary>ORES' "!precision": precision of the negative prediction.</summary>
    public double? NegativePrecision => Ratio(TrueNegatives, TrueNegatives + FalseNegatives);
    /// <summary>ORES' "!recall": recall of the negative class (specificity).</summary>
    public double? NegativeRecall => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    public double? Measure(string name) => name switch
    {
        "precision" => Precision,
        "recall" => Recall,
        "f1" => F1,
        "accuracy" => Accuracy,
        "fpr" => FalsePositiveRate,
        "match_rate" => MatchRate,
        "filter_rate" => FilterRate,
        "!precision" => NegativePrecision,
        "!recall" => NegativeRecall,
        _ => throw new ArgumentException($"Unknown measure '{name}'.", nameof(name)),
    };

    public static readonly string[] Measures = ["precision", "recall", "f1", "accuracy", "fpr", "match_rate", "filter_rate", "!precision", "!recall"];

    private static double? Ratio(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;
}

/// <summary>A point of a curve; <see cref="Threshold"/> is null for the origin (nothing predicted positive).</summary>
public sealed record CurvePoint(double X, double Y, double? Threshold);

public sealed record Curve(IReadOnlyList<CurvePoint> Points, double? Area);

public sealed record CalibrationBin(double From, double To, int Count, double? MeanScore, double? ObservedRate);

/// <summary>Model-versus-human measures over scored and judged artifacts.</summary>
public static partial class ModelMetrics
{
    public static ThresholdStats At(IReadOnlyList<Observation> observations, double threshold)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var o in observations)
        {
            var predicted = o.Score >= threshold;
            if (predicted && o.Positive) tp++;
            else if (predicted) fp++;
            else if (o.Positive) fn++;
            else tn++;
        }
        return new ThresholdStats(threshold, tp, fp, tn, fn);
    }

    /// <summary>The counts at every distinct score used as a threshold, highest threshold first (ties move together).</summary>
    public static IReadOnlyList<ThresholdStats> Thresholds(IReadOnlyList<Observation> observations)
    {
        // One sort of plain arrays: this runs over a million observations per analysis.
        var scores = new double[observations.Count];
        var labels = new bool[observations.Count];
        var positives = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = -observations[i].Score;
            labels[i] = observations[i].Positive;
            positives += labels[i] ? 1 : 0;
        }
        Array.Sort(scores, labels);
        var negatives = scores.Length - positives;
        var result = new List<ThresholdStats>();
        int tp = 0, fp = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (labels[i]) tp++; else fp++;
            if (i == scores.Length - 1 || scores[i + 1] != scores[i])
            {
                result.Add(new ThresholdStats(-scores[i], tp, fp, negatives - fp, positives - tp));
            }
        }
        return result;
    }

    /// <summary>ROC: (false positive rate, true positive rate) from (0,0); AUC by trapezoids. Null area without both classes.</summary>
    public static Curve Roc(IReadOnlyList<Observation> observations) => Roc(Thresholds(observations));

    /// <summary>ROC from thresholds already computed (<see cref="Thresholds"/>), so one analysis sorts once.</summary>
    public static Curve Roc(IReadOnlyList<ThresholdStats> thresholds)
    {
        var points = new List<CurvePoint> { new(0, 0, null) };
        points.AddRange(thresholds.Where(t => t.FalsePositiveRate is not null && t.Recall is not null).Select(t => new CurvePoint(t.FalsePositiveRate!.Value, t.Recall!.Value, t.Threshold)));
        var hasBoth = thresholds.Count > 0 && thresholds[0].TruePositives + thresholds[0].FalseNegatives > 0
            && thresholds[0].FalsePositives + thresholds[0].TrueNegatives > 0;
        double? area = null;
        if (hasBoth)
        {
            double sum = 0;
            for (var i = 1; i < points.Count; i++)
            {
                sum += (points[i].X - points[i - 1].X) * (points[i].Y + points[i - 1].Y) / 2;
            }
            area = sum;
        }
        return new Curve(hasBoth ? points : [], area);
    }

    /// <summary>Precision–recall points per threshold; area as average precision Σ (Rₖ − Rₖ₋₁)·Pₖ. Null without positives.</summary>
    public static Curve PrecisionRecall(IReadOnlyList<Observation> observations) => PrecisionRecall(Thresholds(observations));

    public static Curve PrecisionRecall(IReadOnlyList<ThresholdStats> thresholds)
    {
        if (thresholds.Count == 0 || thresholds[0].TruePositives + thresholds[0].FalseNegatives == 0)
        {
            return new Curve([], null);
        }
        var points = thresholds.Select(t => new CurvePoint(t.Recall!.Value, t.Precision!.Value, t.Threshold)).ToList();
        double area = 0, previousRecall = 0;
        foreach (var point in points)
        {
            area += (point.X - previousRecall) * point.Y;
            previousRecall = point.X;
        }
        return new Curve(points, area);
    }

    /// <summary>Calibration: equal-width score bins with the mean score and the share humans judged positive.</summary>
    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<Observation> observations, int bins = 10)
    {
        var counts = new int[bins];
        var scoreSums = new double[bins];
        var positives = new int[bins];
        foreach (var o in observations)
        {
            var bin = Math.Clamp((int)(o.Score * bins), 0, bins - 1);
            counts[bin]++;
            scoreSums[bin] += o.Score;
            if (o.Positive) positives[bin]++;
        }
        return Enumerable.Range(0, bins).Select(b => new CalibrationBin((double)b / bins, (double)(b + 1) / bins, counts[b],
            counts[b] == 0 ? null : scoreSums[b] / counts[b], counts[b] == 0 ? null : (double)positives[b] / counts[b])).ToList();
    }

    /// <summary>
    /// ORES-style operating point queries, e.g. "maximum recall @ precision >= 0.9" or
    /// "maximum filter_rate @ recall >= 0.75": among thresholds meeting the condition, the one with the best
    /// target; ties go to the highest threshold. Null when no threshold meets the condition.
    /// </summary>
    public static ThresholdStats? Query(IReadOnlyList<ThresholdStats> thresholds, string query)
    {
        var parsed = ParseQuery(query) ?? throw new ArgumentException($"Not a threshold query: '{query}'.", nameof(query));
        var candidates = thresholds.Where(t => t.Measure(parsed.Condition) is { } value && parsed.Compare(value)).ToList();
        var scored = candidates.Where(t => t.Measure(parsed.Target) is not null).ToList();
        if (scored.Count == 0)
        {
            return null;
        }
        var best = parsed.Maximum ? scored.Max(t => t.Measure(parsed.Target)!.Value) : scored.Min(t => t.Measure(parsed.Target)!.Value);
        return scored.Where(t => t.Measure(parsed.Target) == best).MaxBy(t => t.Threshold);
    }

    public sealed record ParsedQuery(bool Maximum, string Target, string Condition, string Operator, double Value)
    {
        public bool Compare(double measured) => Operator switch
        {
            ">=" => measured >= Value - 1e-12,
            "<=" => measured <= Value + 1e-12,
            ">" => measured > Value,
            "<" => measured < Value,
            _ => false,
        };
    }

    public static ParsedQuery? ParseQuery(string query)
    {
        var match = QueryPattern().Match(query.Trim());
        if (!match.Success || !TryMeasure(match.Groups["target"].Value, out var target) || !TryMeasure(match.Groups["condition"].Value, out var condition))
        {
            return null;
        }
        return new ParsedQuery(match.Groups["direction"].Value == "maximum", target, condition, match.Groups["operator"].Value,
            double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    private static bool TryMeasure(string name, out string measure)
    {
        measure = name.ToLowerInvariant();
        return ThresholdStats.Measures.Contains(measure);
    }

    [GeneratedRegex(@"^(?<direction>maximum|minimum)\s+(?<target>!?[a-z_0-9]+)\s*@\s*(?<condition>!?[a-z_0-9]+)\s*(?<operator>>=|<=|>|<)\s*(?<value>[0-9]*\.?[0-9]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex QueryPattern();
}
