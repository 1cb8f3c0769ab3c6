using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TodoGrains.Silo.Apis;

public static class UserApiGroup
{
    /// <summary>The authorization policy: the route's <c>{user_id}</c> is the token's subject.</summary>
    public const string OwnerPolicy = "owner";

    private const string UserIdRouteValue = "user_id";

    /// <summary>
    /// <c>/api/{user_id}</c> for the signed-in user only: no token is 401; a token of another user is 403,
    /// decided before the request body is read. The grains reached below are keyed by this id, so other
    /// people's tasks are simply not found.
    /// </summary>
    public static RouteGroupBuilder MapUserGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api/{user_id}").RequireAuthorization(OwnerPolicy).WithTags(tag);

    /// <summary>The owner rule, authenticated by <paramref name="schemes"/> (the default, the sign-in token, when none).</summary>
    public static AuthorizationPolicy BuildOwnerPolicy(params string[] schemes) =>
        new AuthorizationPolicyBuilder(schemes)
            .RequireAuthenticatedUser()
            .RequireAssertion(context =>
                context.Resource is HttpContext http &&
                http.GetRouteValue(UserIdRouteValue) is string routeUser &&
                context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } tokenUser &&
                string.Equals(routeUser, tokenUser, StringComparison.Ordinal))
            .Build();
}
