using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using TodoGrains.GrainInterfaces.Accounts;

namespace TodoGrains.Silo.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer tgp_…</c>. It is never the default scheme: only the endpoints whose
/// policy names it (MCP, the calendar feed) take a personal access token, so one can never manage the account.
/// </summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "personal-access-token";

    public const string TokenIdClaim = "token_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[bearer.Length..].Trim();
        if (!PersonalAccessTokens.TryParse(token, out var parts))
        {
            return token.StartsWith(PersonalAccessTokens.Prefix, StringComparison.Ordinal)
                ? AuthenticateResult.Fail("The personal access token is malformed.")
                : AuthenticateResult.NoResult();
        }

        var (userId, tokenId, secret) = parts.Value;
        if (!await grains.GetGrain<IAccessTokenGrain>(userId).ValidateAsync(tokenId, PersonalAccessTokens.Hash(secret), time.GetUtcNow()))
        {
            return AuthenticateResult.Fail("The personal access token is unknown, revoked or expired.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim(TokenIdClaim, tokenId)], SchemeName, JwtRegisteredClaimNames.Sub, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
