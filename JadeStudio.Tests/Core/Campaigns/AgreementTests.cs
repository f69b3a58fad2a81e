using JadeStudio.Core.Campaigns;

namespace JadeStudio.Tests.Core.Campaigns;

public class AgreementTests
{
    private static IReadOnlyList<int>[] Units(params int?[][] coders) =>
        Enumerable.Range(0, coders[0].Length).Select(u => (IReadOnlyList<int>)coders.Select(c => c[u]).OfType<int>().ToList()).ToArray();

    /// <summary>Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders, 12 units, missing values.</summary>
    private static readonly IReadOnlyList<int>[] PublishedExample = Units(
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null]);

    [Fact]
    public void Krippendorffs_nominal_alpha_matches_the_published_worked_example() =>
        Assert.Equal(0.743, Agreement.KrippendorffsAlpha(PublishedExample, AgreementLevel.Nominal)!.Value, 3);

    [Fact]
    public void Krippendorffs_ordinal_alpha_matches_the_published_worked_example() =>
        Assert.Equal(0.815, Agreement.KrippendorffsAlpha(PublishedExample, AgreementLevel.Ordinal, [1, 2, 3, 4, 5])!.Value, 3);

    [Fact]
    public void Alpha_by_hand_for_two_raters_and_two_categories()
    {
        // Units: (a,a) (a,b) (b,b) (b,b). Coincidences: o_aa=2, o_ab=o_ba=1, o_bb=4; n_a=3, n_b=5, n=8.
        // α = 1 − (n−1)·Σo·δ / Σn_c·n_k·δ = 1 − 7·2 / (2·3·5) = 1 − 14/30 = 0.5333…
        IReadOnlyList<string>[] units = [["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]];

        Assert.Equal(8.0 / 15, Agreement.KrippendorffsAlpha(units, AgreementLevel.Nominal)!.Value, 6);
    }

    [Fact]
    public void Perfect_agreement_with_variation_is_alpha_one() =>
        Assert.Equal(1.0, Agreement.KrippendorffsAlpha(new IReadOnlyList<bool>[] { [true, true], [false, false, false] }, AgreementLevel.Nominal));

    [Fact]
    public void A_single_category_throughout_has_no_defined_alpha() =>
        Assert.Null(Agreement.KrippendorffsAlpha(new IReadOnlyList<bool>[] { [true, true], [true, true] }, AgreementLevel.Nominal));

    [Fact]
    public void Units_with_one_value_are_not_pairable() =>
        Assert.Null(Agreement.KrippendorffsAlpha(new IReadOnlyList<bool>[] { [true], [false] }, AgreementLevel.Nominal));

    /// <summary>The worked example of Cohen's κ (50 proposals, two readers): p_o = 0.7, p_e = 0.5, κ = 0.4.</summary>
    [Fact]
    public void Cohens_kappa_matches_the_standard_worked_example()
    {
        var items = Enumerable.Repeat(("yes", "yes"), 20).Concat(Enumerable.Repeat(("yes", "no"), 5))
            .Concat(Enumerable.Repeat(("no", "yes"), 10)).Concat(Enumerable.Repeat(("no", "no"), 15)).ToList();

        Assert.Equal(0.4, Agreement.CohensKappa(items)!.Value, 10);
    }

    [Fact]
    public void Kappa_is_undefined_when_both_raters_always_say_the_same_one_thing() =>
        Assert.Null(Agreement.CohensKappa([(true, true), (true, true)]));

    [Fact]
    public void Percent_agreement_counts_agreeing_pairs()
    {
        // (a,a,b): pairs aa ab ab → 1 of 3; (b,b): 1 of 1 → 2 of 4.
        Assert.Equal(0.5, Agreement.PercentAgreement(new IReadOnlyList<string>[] { ["a", "a", "b"], ["b", "b"], ["c"] }));
    }
}
