namespace JadeStudio.Core.Campaigns;

public enum AgreementLevel
{
    /// <summary>Categories without order (booleans, enums).</summary>
    Nominal,
    /// <summary>Ordered categories (quality scales): near misses count as less disagreement.</summary>
    Ordinal,
}

/// <summary>
/// Inter-annotator agreement. Units are tasks; each unit has the values its raters gave (unsure
/// answers are left out before this). Categories are compared by equality; for ordinal data their
/// order is given by the caller (low to high).
/// </summary>
public static class Agreement
{
    /// <summary>Share of agreeing pairs among all pairs of values within units (units with one value say nothing).</summary>
    public static double? PercentAgreement<T>(IEnumerable<IReadOnlyList<T>> units) where T : notnull
    {
        long agreeing = 0, pairs = 0;
        foreach (var values in units.Where(u => u.Count >= 2))
        {
            for (var i = 0; i < values.Count; i++)
            {
                for (var j = i + 1; j < values.Count; j++)
                {
                    pairs++;
                    if (EqualityComparer<T>.Default.Equals(values[i], values[j]))
                    {
                        agreeing++;
                    }
                }
            }
        }
        return pairs == 0 ? null : (double)agreeing / pairs;
    }

    /// <summary>
    /// Cohen's κ for two raters over the same items: (p_o − p_e) / (1 − p_e). Null when there are no items
    /// or chance agreement is already perfect (both raters used one and the same category throughout).
    /// </summary>
    public static double? CohensKappa<T>(IReadOnlyList<(T First, T Second)> items) where T : notnull
    {
        if (items.Count == 0)
        {
            return null;
        }
        double n = items.Count;
        var observed = items.Count(i => EqualityComparer<T>.Default.Equals(i.First, i.Second)) / n;
        var categories = items.Select(i => i.First).Concat(items.Select(i => i.Second)).Distinct().ToList();
        var expected = categories.Sum(c =>
            items.Count(i => EqualityComparer<T>.Default.Equals(i.First, c)) / n * (items.Count(i => EqualityComparer<T>.Default.Equals(i.Second, c)) / n));
        return expected >= 1 ? null : (observed - expected) / (1 - expected);
    }

    /// <summary>
    /// Krippendorff's α for any number of raters and missing values: 1 − D_o / D_e from the coincidence
    /// matrix of pairable values (units with at least two). Null when there is no disagreement to expect
    /// (fewer than two values in all, or a single category throughout).
    /// </summary>
    public static double? KrippendorffsAlpha<T>(IEnumerable<IReadOnlyList<T>> units, AgreementLevel level, IReadOnlyList<T>? order = null) where T : notnull
    {
        var pairable = units.Where(u => u.Count >= 2).ToList();
        var categories = order?.ToList() ?? pairable.SelectMany(u => u).Distinct().ToList();
        var index = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var k = categories.Count;
        var coincidence = new double[k, k];
        foreach (var unit in pairable)
        {
            var weight = 1.0 / (unit.Count - 1);
            for (var i = 0; i < unit.Count; i++)
            {
                for (var j = 0; j < unit.Count; j++)
                {
                    if (i != j)
                    {
                        coincidence[index[unit[i]], index[unit[j]]] += weight;
                    }
                }
            }
        }
        var marginals = new double[k];
        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < k; d++)
            {
                marginals[c] += coincidence[c, d];
            }
        }
        var n = marginals.Sum();
        if (n < 2)
        {
            return null;
        }

        double observed = 0, expected = 0;
        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < k; d++)
            {
                var delta = Distance(level, marginals, c, d);
                observed += coincidence[c, d] * delta;
                expected += marginals[c] * marginals[d] * delta;
            }
        }
        return expected == 0 ? null : 1 - (n - 1) * observed / expected;
    }

    /// <summary>δ²: nominal 0/1; ordinal (Σ n_g for g from c to d − (n_c + n_d)/2)².</summary>
    private static double Distance(AgreementLevel level, double[] marginals, int c, int d)
    {
        if (c == d)
        {
            return 0;
        }
        switch (level)
        {
            case AgreementLevel.Nominal:
                return 1;
            case AgreementLevel.Ordinal:
                var (low, high) = c < d ? (c, d) : (d, c);
                double sum = 0;
                for (var g = low; g <= high; g++)
                {
                    sum += marginals[g];
                }
                sum -= (marginals[low] + marginals[high]) / 2;
                return sum * sum;
            default:
                throw new ArgumentOutOfRangeException(nameof(level));
        }
    }
}
