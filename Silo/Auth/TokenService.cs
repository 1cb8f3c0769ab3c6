using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TodoGrains.EdgeServices.Common.Auth;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Auth;

/// <summary>Issues the bearer tokens the API and (later) the sync hub accept.</summary>
public sealed class TokenService(SigningKeySource keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public const string RoleClaim = TodoTokens.RoleClaim;
    public const string OperatorRole = "operator";

    /// <summary>A person's token: never a role (operators sign in with their own accounts, see OperatorApi).</summary>
    public (string Token, TimeSpan Lifetime) Issue(string userId, string userName)
    {
        var auth = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim(JwtRegisteredClaimNames.Name, userName)]);

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
