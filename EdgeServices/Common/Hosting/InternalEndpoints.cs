using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TodoGrains.EdgeServices.Common.Hosting;

public static class InternalEndpoints
{
    public const string Prefix = "/internal";

    /// <summary>
    /// <c>/internal/...</c>: reachable only through the Dapr sidecar. With <c>Dapr:AppApiToken</c> set, a call must
    /// carry it (<c>dapr-api-token</c>); without one, only loopback callers (the sidecar shares the pod) get in.
    /// Anything else is 403, so the ingress can never reach these routes.
    /// </summary>
    public static RouteGroupBuilder MapInternalGroup(this IEndpointRouteBuilder app)
    {
        return app.MapGroup(Prefix).ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var token = http.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value.AppApiToken;
            var allowed = string.IsNullOrEmpty(token)
                ? http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                : http.Request.Headers.TryGetValue("dapr-api-token", out var given) &&
                  CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.ToString()), Encoding.UTF8.GetBytes(token));
            return allowed ? await next(context) : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Internal route");
        });
    }
}
