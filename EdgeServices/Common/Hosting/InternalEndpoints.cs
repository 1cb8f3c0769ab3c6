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
    /// <c>/internal/...</c>: reachable only through the Dapr sidecar, which sends <c>Dapr:AppApiToken</c> (daprd's
    /// APP_API_TOKEN) as <c>dapr-api-token</c>. Without a configured token nobody gets in, loopback callers included
    /// (any local account, or the embedded shape, which calls its handlers in-process and needs no such route).
    /// Anything else is 403, so the ingress can never reach these routes.
    /// </summary>
    public static RouteGroupBuilder MapInternalGroup(this IEndpointRouteBuilder app)
    {
        return app.MapGroup(Prefix).ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var token = http.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value.AppApiToken;
            var allowed = !string.IsNullOrEmpty(token) &&
                http.Request.Headers.TryGetValue("dapr-api-token", out var given) &&
                CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.ToString()), Encoding.UTF8.GetBytes(token));
            return allowed ? await next(context) : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Internal route");
        });
    }
}
