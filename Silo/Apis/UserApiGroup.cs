using TodoGrains.Auth;

namespace TodoGrains.Silo.Apis;

public static class UserApiGroup
{
    /// <summary>The authorization policy: the route's <c>{user_id}</c> is the token's subject (<see cref="TodoTokens.OwnerPolicy"/>).</summary>
    public const string OwnerPolicy = "owner";

    /// <summary>
    /// <c>/api/{user_id}</c> for the signed-in user only: no token is 401; a token of another user is 403,
    /// decided before the request body is read. The grains reached below are keyed by this id, so other
    /// people's tasks are simply not found.
    /// </summary>
    public static RouteGroupBuilder MapUserGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup($"/api/{{{TodoTokens.UserIdRouteValue}}}").RequireAuthorization(OwnerPolicy).WithTags(tag);
}
