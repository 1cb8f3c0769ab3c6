using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TodoGrains.Auth;

/// <summary>The one definition of how a TodoGrains bearer token is checked, by the API and the sync hub alike.</summary>
public static class TodoTokens
{
    public const string RoleClaim = "role";
    public const string DefaultIssuer = "todo-grains";
    public const string DefaultAudience = "todo-grains-api";

    public static TokenValidationParameters ValidationParameters(SecurityKey key, string issuer, string audience) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = JwtRegisteredClaimNames.Name,
        RoleClaimType = RoleClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    /// <summary>The route value that names whose data a request is about (<c>/api/{user_id}/…</c>).</summary>
    public const string UserIdRouteValue = "user_id";

    /// <summary>
    /// The owner rule: a signed-in user whose token's subject is the route's <c>{user_id}</c>, authenticated by
    /// <paramref name="schemes"/> (the default, the sign-in token, when none).
    /// </summary>
    public static AuthorizationPolicy OwnerPolicy(params string[] schemes) =>
        new AuthorizationPolicyBuilder(schemes)
            .RequireAuthenticatedUser()
            .RequireAssertion(context =>
                context.Resource is HttpContext http &&
                http.GetRouteValue(UserIdRouteValue) is string routeUser &&
                UserId(context.User) is { } tokenUser &&
                string.Equals(routeUser, tokenUser, StringComparison.Ordinal))
            .Build();

    /// <summary>The user a token belongs to.</summary>
    public static string? UserId(System.Security.Claims.ClaimsPrincipal user) =>
        user?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
}
