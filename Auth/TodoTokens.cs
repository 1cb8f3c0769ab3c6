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

    /// <summary>The user a token belongs to.</summary>
    public static string? UserId(System.Security.Claims.ClaimsPrincipal user) =>
        user?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
}
