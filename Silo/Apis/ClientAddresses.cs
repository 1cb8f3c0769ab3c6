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
}
