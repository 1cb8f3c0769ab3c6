using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TodoGrains.Contracts.Edge;

namespace TodoGrains.Auth;

public static class SidecarAccess
{
    public const string Prefix = "/internal";

    /// <summary><c>/internal/...</c>: routes only the Dapr sidecar may call (see <see cref="RequireSidecar{TBuilder}"/>).</summary>
    public static RouteGroupBuilder MapInternalGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).ExcludeFromDescription().RequireSidecar();

    /// <summary>
    /// Admits only calls from the Dapr sidecar, which sends <c>Dapr:AppApiToken</c> (daprd's APP_API_TOKEN) as
    /// <c>dapr-api-token</c> on every call to its app: service invocation, pub/sub deliveries and input bindings.
    /// Without a configured token nobody gets in, loopback callers included (any local account, or the embedded
    /// shape, which calls its handlers in-process and needs no such route). Anything else is 403, so neither the
    /// ingress nor another pod can reach these routes.
    /// </summary>
    public static TBuilder RequireSidecar<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var token = http.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value.AppApiToken;
            var allowed = !string.IsNullOrEmpty(token) &&
                http.Request.Headers.TryGetValue("dapr-api-token", out var given) &&
                CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.ToString()), Encoding.UTF8.GetBytes(token));
            return allowed ? await next(context) : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the Dapr sidecar may call this route");
        });
    }
}
