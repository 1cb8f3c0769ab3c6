using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace TodoGrains.Silo.Apis;

/// <summary>
/// Which address a request came from, for the per-address sign-in throttle: behind the ingress every request
/// arrives from the ingress controller, so the client's address is read from <c>X-Forwarded-For</c>, but only when the
/// hop that sent it is a proxy configuration trusts (<c>ForwardedHeaders:KnownNetworks</c>, CIDR ranges; loopback
/// always), and only its last entry (the one that proxy added: anything a client wrote before it is ignored).
/// </summary>
public static class ClientAddresses
{
    public const string SectionName = "ForwardedHeaders";

    public static IServiceCollection AddClientAddresses(this IServiceCollection services, IConfiguration configuration)
    {
        var networks = configuration.GetSection($"{SectionName}:KnownNetworks").Get<string[]>() ?? [];
        var parsed = new List<IPNetwork>();
        foreach (var network in networks)
        {
            parsed.Add(IPNetwork.TryParse(network, out var value)
                ? value
                : throw new OptionsValidationException(SectionName, typeof(ForwardedHeadersOptions), [$"{SectionName}:KnownNetworks holds '{network}', which is not a CIDR range such as 10.0.0.0/8."]));
        }

        return services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            foreach (var network in parsed)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
    }

    /// <summary>
    /// The client's address, or null when all that is known is a proxy's own (a request that came through a trusted
    /// proxy without X-Forwarded-For, or an ingress behind a load balancer that hides clients): counting those per
    /// address would let anyone's failures lock out everyone behind that proxy.
    /// </summary>
    public static System.Net.IPAddress? Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return null;
        }

        var proxies = http.RequestServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return proxies.KnownProxies.Contains(address) || proxies.KnownProxies.Contains(mapped) || proxies.KnownIPNetworks.Any(n => n.Contains(mapped))
            ? null
            : address;
    }
}
