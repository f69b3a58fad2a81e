using JadeStudio.Core.Scores;

namespace JadeStudio.Tests.Core.Scores;

public class ModelMetricsTests
{
    private static Observation[] Data(params (double Score, bool Positive)[] items) => items.Select(i => new Observation(i.Score, i.Positive)).ToArray();

    // Hand-worked set: positives at 0.9, 0.8, 0.4; negatives at 0.7, 0.3, 0.2, 0.1.
    private static readonly Observation[] Seven = Data((0.9, true), (0.8, true), (0.7, false), (0.4, true), (0.3, false), (0.2, false), (0.1, false));

    [Fact]
    public void Confusion_at_a_threshold_counts_scores_at_or_above_as_positive()
    {
        var at = ModelMetrics.At(Seven, 0.5);

        Assert.Equal((2, 1, 3, 1), (at.TruePositives, at.FalsePositives, at.TrueNegatives, at.FalseNegatives));
        Assert.Equal(2.0 / 3, at.Precision!.Value, 10);
        Assert.Equal(2.0 / 3, at.Recall!.Value, 10);
        Assert.Equal(2.0 / 3, at.F1!.Value, 10);
        Assert.Equal(5.0 / 7, at.Accuracy!.Value, 10);
        Assert.Equal(0.25, at.FalsePositiveRate!.Value, 10);
        Assert.Equal(4.0 / 7, at.FilterRate!.Value, 10);
    }

    [Fact]
    public void ROC_AUC_by_hand()
    {
        // Pairs (positive, negative) ranked correctly: 0.9 and 0.8 beat all 4 negatives (8); 0.4 beats 0.3, 0.2, 0.1 (3) → 11 of 12.
        Assert.Equal(11.0 / 12, ModelMetrics.Roc(Seven).Area!.Value, 10);
    }

    [Fact]
    public void Average_precision_by_hand()
    {
        // Recall steps at 0.9 (P=1/1), 0.8 (P=2/2), 0.4 (TP 3, FP 1 → P=3/4): (1/3)·1 + (1/3)·1 + (1/3)·(3/4) = 11/12.
        Assert.Equal(11.0 / 12, ModelMetrics.PrecisionRecall(Seven).Area!.Value, 10);
    }

    [Fact]
    public void Tied_scores_move_together_and_count_half_in_the_ROC_area()
    {
        // One positive and one negative at the same score: the curve goes diagonally, AUC 0.5.
        var tie = Data((0.5, true), (0.5, false));

        Assert.Equal(0.5, ModelMetrics.Roc(tie).Area!.Value, 10);
        Assert.Single(ModelMetrics.Thresholds(tie));
        Assert.Equal(0.5, ModelMetrics.PrecisionRecall(tie).Area!.Value, 10);
    }

    [Fact]
    public void All_one_class_has_no_ROC_area()
    {
        var positives = Data((0.9, true), (0.2, true));
        var negatives = Data((0.9, false), (0.2, false));

        Assert.Null(ModelMetrics.Roc(positives).Area);
        Assert.Null(ModelMetrics.Roc(negatives).Area);
        Assert.Null(ModelMetrics.PrecisionRecall(negatives).Area);
        Assert.Equal(1.0, ModelMetrics.PrecisionRecall(positives).Area!.Value, 10);
        Assert.Null(ModelMetrics.At(negatives, 0.5).Recall);
    }

    [Fact]
    public void No_scores_means_no_numbers()
    {
        var at = ModelMetrics.At([], 0.5);

        Assert.Null(at.Precision);
        Assert.Null(at.Accuracy);
        Assert.Null(ModelMetrics.Roc(Array.Empty<Observation>()).Area);
        Assert.Empty(ModelMetrics.Thresholds([]));
        Assert.All(ModelMetrics.Calibration([]), bin => Assert.Null(bin.ObservedRate));
    }

    [Fact]
    public void Calibration_bins_hold_the_mean_score_and_the_observed_rate()
    {
        var bins = ModelMetrics.Calibration(Data((0.81, true), (0.89, false), (0.12, false)), bins: 10);

        Assert.Equal((2, 0.85, 0.5), (bins[8].Count, Math.Round(bins[8].MeanScore!.Value, 10), bins[8].ObservedRate!.Value));
        Assert.Equal(1, bins[1].Count);
    }

    // A known dataset for operating points: 10 scored edits.
    private static readonly Observation[] Ten = Data(
        (0.95, true), (0.90, true), (0.85, true), (0.80, false), (0.70, true), (0.60, true), (0.50, false), (0.40, true), (0.20, false), (0.10, false));

    [Fact]
    public void Maximum_recall_at_precision_of_at_least_0_9_is_the_threshold_before_the_first_false_positive()
    {
        // At 0.85: TP 3, FP 0 → precision 1, recall 0.5. At 0.80 precision drops to 0.75; at 0.60: 5/6 = 0.83.
        var answer = ModelMetrics.Query(ModelMetrics.Thresholds(Ten), "maximum recall @ precision >= 0.9");

        Assert.Equal(0.85, answer!.Threshold);
        Assert.Equal(0.5, answer.Recall!.Value, 10);
    }

    [Fact]
    public void Maximum_filter_rate_at_recall_of_at_least_0_75_is_the_highest_threshold_reaching_that_recall()
    {
        // Recall reaches 5/6 ≥ 0.75 first at 0.60 (filter rate 0.4); lower thresholds filter less.
        var answer = ModelMetrics.Query(ModelMetrics.Thresholds(Ten), "maximum filter_rate @ recall >= 0.75");

        Assert.Equal(0.60, answer!.Threshold);
        Assert.Equal(0.4, answer.FilterRate!.Value, 10);
    }

    [Fact]
    public void An_impossible_condition_has_no_answer() =>
        Assert.Null(ModelMetrics.Query(ModelMetrics.Thresholds(Ten), "maximum recall @ precision > 1"));

    [Theory]
    [InlineData("recall @ precision >= 0.9")]
    [InlineData("maximum vibes @ precision >= 0.9")]
    [InlineData("maximum recall @ precision ~ 0.9")]
    public void Unreadable_queries_are_rejected(string query) => Assert.Null(ModelMetrics.ParseQuery(query));
}
