using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TodoGrains.Auth;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Auth;

/// <summary>Issues the bearer tokens the API and (later) the sync hub accept.</summary>
public sealed class TokenService(SigningKeySource keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public const string RoleClaim = TodoTokens.RoleClaim;
    public const string OperatorRole = "operator";

    /// <summary>When the person typed their password: a refreshed token keeps it, so a session has an absolute end.</summary>
    public const string SignedInClaim = JwtRegisteredClaimNames.AuthTime;

    /// <summary>A person's token: never a role (operators sign in with their own accounts, see OperatorApi).</summary>
    public (string Token, TimeSpan Lifetime) Issue(string userId, string userName) => Issue(userId, userName, time.GetUtcNow());

    /// <summary>
    /// A fresh token for the holder of a valid one (the browser swaps it before it expires, so an open tab is never
    /// dropped to the sign-in page); null once the sign-in it goes back to is older than <see cref="AuthOptions.MaxSessionAge"/>.
    /// </summary>
    public (string Token, TimeSpan Lifetime)? Refresh(ClaimsPrincipal holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var userId = holder.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var userName = holder.FindFirst(JwtRegisteredClaimNames.Name)?.Value;
        if (userId is null || userName is null || holder.FindFirst(RoleClaim) is not null ||
            !long.TryParse(holder.FindFirst(SignedInClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var signedIn = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return time.GetUtcNow() - signedIn < options.Value.MaxSessionAge ? Issue(userId, userName, signedIn) : null;
    }

    private (string Token, TimeSpan Lifetime) Issue(string userId, string userName, DateTimeOffset signedIn)
    {
        var auth = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var subject = new ClaimsIdentity([
            new Claim(JwtRegisteredClaimNames.Sub, userId),
            new Claim(JwtRegisteredClaimNames.Name, userName),
            new Claim(SignedInClaim, signedIn.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        ]);

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.TokenLifetime,
            Subject = subject,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, auth.TokenLifetime);
    }

    public TokenValidationParameters ValidationParameters() =>
        TodoTokens.ValidationParameters(keys.Key, options.Value.Issuer, options.Value.Audience);
}
