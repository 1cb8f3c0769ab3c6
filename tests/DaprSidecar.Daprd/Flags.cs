namespace TodoGrains.DaprSidecar.Daprd;

/// <summary>daprd-style flags (<c>--name value</c> or <c>--name=value</c>; a flag alone is <c>true</c>).</summary>
internal sealed class Flags
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Flags(IEnumerable<string> args)
    {
        var list = args.Where(a => a != "/daprd").ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var name = list[i][2..];
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                _values[name[..equals]] = name[(equals + 1)..];
            }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _values[name] = list[++i];
            }
            else
            {
                _values[name] = "true";
            }
        }
    }

    public string? this[string name] => _values.GetValueOrDefault(name);

    public int Port(string name, int fallback) => int.TryParse(this[name], out var port) ? port : fallback;
}
