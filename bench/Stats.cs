using System.Globalization;

namespace TodoGrains.Bench;

/// <summary>One measured quantity over several runs: the median, and the spread.</summary>
public sealed record Figure(string Name, string Unit, double Median, double Min, double Max, IReadOnlyList<double> Runs, string Target, bool? Met)
{
    public static Figure Of(string name, string unit, IReadOnlyList<double> runs, string target = "", Func<double, bool>? met = null)
    {
        var sorted = runs.Order().ToList();
        var median = sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
        return new Figure(name, unit, median, sorted.FirstOrDefault(double.NaN), sorted.LastOrDefault(double.NaN), runs, target, met is null || sorted.Count == 0 ? null : met(median));
    }

    /// <summary>
    /// A figure as a share of its ceiling measured in the same run, run by run (run i over ceiling i), in per cent:
    /// what can be judged on any machine. <paramref name="atLeast"/> is the target, when there is one.
    /// </summary>
    public static Figure Ratio(string name, IReadOnlyList<double> runs, IReadOnlyList<double> ceilings, string target = "", double? atLeast = null) =>
        Of(name, "%", runs.Zip(ceilings, (run, ceiling) => 100 * run / ceiling).ToList(), target, atLeast is { } floor ? v => v >= floor : null);

    /// <summary>
    /// A cost (a latency, CPU per request) as a multiple of its ceiling's in the same run, run by run;
    /// <paramref name="atMost"/> is the target, when there is one.
    /// </summary>
    public static Figure Times(string name, IReadOnlyList<double> runs, IReadOnlyList<double> ceilings, double? atMost = null) =>
        Of(name, "×", runs.Zip(ceilings, (run, ceiling) => run / ceiling).ToList(),
            atMost is { } most ? string.Create(CultureInfo.InvariantCulture, $"≤ {most}×") : "", atMost is { } limit ? v => v <= limit : null);

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Median:0.###} {Unit} | {Min:0.###} – {Max:0.###} | {Target} | {(Met switch { true => "met", false => "MISSED", _ => "" })} |");
}

public static class Percentile
{
    public static double Of(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    /// <summary>A quantile from a Prometheus histogram's cumulative buckets (le → count), interpolated within a bucket.</summary>
    public static double FromBuckets(IReadOnlyList<(double Le, double Count)> buckets, double p)
    {
        var total = buckets.Count == 0 ? 0 : buckets[^1].Count;
        if (total <= 0)
        {
            return double.NaN;
        }

        var target = p / 100 * total;
        var previousLe = 0.0;
        var previousCount = 0.0;
        foreach (var (le, count) in buckets)
        {
            if (count >= target)
            {
                if (double.IsPositiveInfinity(le))
                {
                    return previousLe;
                }

                var inBucket = count - previousCount;
                return inBucket <= 0 ? le : previousLe + ((le - previousLe) * (target - previousCount) / inBucket);
            }

            (previousLe, previousCount) = (le, count);
        }

        return previousLe;
    }
}
