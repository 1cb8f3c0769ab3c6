using System.Globalization;
using System.Text.RegularExpressions;

namespace TodoGrains.Bench;

/// <summary>Reads the silos' Prometheus text at /metrics: each series summed over the silos, as the cluster's total.</summary>
public sealed partial class Metrics(IReadOnlyList<HttpClient> silos)
{
    public async Task<Dictionary<string, double>> ReadAsync()
    {
        var values = new Dictionary<string, double>();
        foreach (var http in silos)
        {
            var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            foreach (Match m in Line().Matches(text))
            {
                var key = m.Groups["key"].Value;
                values[key] = values.GetValueOrDefault(key) + double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return values;
    }

    /// <summary>The histogram's buckets (le in seconds) with a label filter, as the difference between two readings.</summary>
    public static List<(double Le, double Count)> Buckets(Dictionary<string, double> before, Dictionary<string, double> after, string histogram, string labelFilter = "")
    {
        var result = new List<(double, double)>();
        foreach (var (key, value) in after.Where(kv => kv.Key.StartsWith(histogram + "_bucket{", StringComparison.Ordinal) && kv.Key.Contains(labelFilter, StringComparison.Ordinal)))
        {
            var le = LeLabel().Match(key).Groups[1].Value;
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            result.Add((bound, value - before.GetValueOrDefault(key)));
        }

        return result.OrderBy(b => b.Item1).ToList();
    }

    public static double Sum(Dictionary<string, double> values, string prefix) =>
        values.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(kv => kv.Value);

    [GeneratedRegex(@"(?m)^(?<key>[a-zA-Z_:][^ ]*(?:\{[^}]*\})?) (?<value>[-+0-9.eE]+|NaN|\+Inf)(?: \d+)?$")]
    private static partial Regex Line();

    [GeneratedRegex(@"le=""([^""]+)""")]
    private static partial Regex LeLabel();
}
