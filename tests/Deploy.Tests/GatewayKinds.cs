namespace TodoGrains.Deploy.Tests;

// Gateway API (gateway.networking.k8s.io/v1, standard channel), typed with the fields of its CRDs the chart uses:
// a misspelt or unknown field fails the strict load.

public sealed class Gateway : CustomResource<GatewaySpec>;

public sealed class GatewaySpec
{
    public string GatewayClassName { get; set; } = "";

    public List<GatewayListener> Listeners { get; set; } = [];
}

public sealed class GatewayListener
{
    public string Name { get; set; } = "";

    public string Protocol { get; set; } = "";

    public int Port { get; set; }

    public string? Hostname { get; set; }

    public GatewayTls? Tls { get; set; }

    public GatewayAllowedRoutes? AllowedRoutes { get; set; }
}

public sealed class GatewayTls
{
    public string? Mode { get; set; }

    public List<GatewayObjectReference> CertificateRefs { get; set; } = [];
}

public sealed class GatewayAllowedRoutes
{
    public GatewayRouteNamespaces? Namespaces { get; set; }
}

public sealed class GatewayRouteNamespaces
{
    public string? From { get; set; }
}

public sealed class GatewayObjectReference
{
    public string Name { get; set; } = "";

    public string? Namespace { get; set; }

    public string? Kind { get; set; }

    public string? Group { get; set; }

    public string? SectionName { get; set; }

    public int? Port { get; set; }
}

public sealed class HttpRoute : CustomResource<HttpRouteSpec>;

public sealed class HttpRouteSpec
{
    public List<GatewayObjectReference> ParentRefs { get; set; } = [];

    public List<string> Hostnames { get; set; } = [];

    public List<HttpRouteRule> Rules { get; set; } = [];
}

public sealed class HttpRouteRule
{
    public List<HttpRouteMatch> Matches { get; set; } = [];

    public List<HttpBackendRef> BackendRefs { get; set; } = [];

    public HttpRouteTimeouts? Timeouts { get; set; }

    public List<HttpRouteFilter> Filters { get; set; } = [];
}

public sealed class HttpRouteFilter
{
    public string Type { get; set; } = "";

    public HttpRequestRedirect? RequestRedirect { get; set; }
}

public sealed class HttpRequestRedirect
{
    public string? Scheme { get; set; }

    public int? StatusCode { get; set; }
}

public sealed class HttpRouteMatch
{
    public HttpPathMatch? Path { get; set; }
}

public sealed class HttpPathMatch
{
    public string Type { get; set; } = "";

    public string Value { get; set; } = "";
}

public sealed class HttpBackendRef
{
    public string Name { get; set; } = "";

    public int? Port { get; set; }

    public int? Weight { get; set; }
}

public sealed class HttpRouteTimeouts
{
    public string? Request { get; set; }

    public string? BackendRequest { get; set; }
}
