using Microsoft.IdentityModel.JsonWebTokens;

namespace TodoGrains.Silo.Apis;

internal static class UserApiGroup
{
    public const string UserIdRouteValue = "user_id";

    /// <summary>
    /// <c>/api/{user_id}</c> for the signed-in user only: no token is 401; a token of another user is 403.
    /// The grains reached below are keyed by this id, so other people's tasks are simply not found.
    /// </summary>
    public static RouteGroupBuilder MapUserGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api/{user_id}")
            .RequireAuthorization()
            .AddEndpointFilter(async (context, next) =>
            {
                var routeUser = context.HttpContext.GetRouteValue(UserIdRouteValue) as string;
                var tokenUser = context.HttpContext.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
                if (routeUser is null || tokenUser is null || !string.Equals(routeUser, tokenUser, StringComparison.Ordinal))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This is not your list.");
                }

                return await next(context);
            })
            .WithTags(tag);
}
