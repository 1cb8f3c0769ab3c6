using Microsoft.AspNetCore.Http.HttpResults;
using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.Grains.Time;
using TodoGrains.Silo.Auth;

namespace TodoGrains.Silo.Apis;

public sealed record CreateTokenRequest(string? Name = null, int? ExpiresInDays = null);

/// <summary>A token as listed: never its text or hash.</summary>
public sealed record TokenResponse(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt)
{
    public static TokenResponse From(AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new TokenResponse(token.Id, token.Name, token.CreatedAt, token.ExpiresAt, token.LastUsedAt);
    }
}

/// <summary>A new token: the only time its text is ever shown.</summary>
public sealed record CreatedTokenResponse(string Id, string Name, string Token, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record TokenListResponse(IReadOnlyList<TokenResponse> Items);

/// <summary>
/// Personal access tokens, managed with the sign-in token only (the user group's default scheme): a personal
/// access token cannot list, create or revoke tokens.
/// </summary>
public static class TokenApi
{
    private const int MaxName = 60;
    private const int MaxDays = 365;

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapUserGroup("Access tokens");
        tokens.MapGet("/tokens", ListAsync).WithSummary("Your personal access tokens (for MCP clients and calendar feeds), without their text");
        tokens.MapPost("/tokens", CreateAsync).WithSummary("Create a personal access token; its text is shown in this answer only");
        tokens.MapDelete("/tokens/{token_id}", RevokeAsync).WithSummary("Revoke a personal access token");
        return app;
    }

    private static async Task<Ok<TokenListResponse>> ListAsync(string user_id, IGrainFactory grains) =>
        TypedResults.Ok(new TokenListResponse((await grains.GetGrain<IAccessTokenGrain>(user_id).ListAsync()).Select(TokenResponse.From).ToList()));

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string user_id, CreateTokenRequest body, IGrainFactory grains, IIdGenerator ids, ISecretSource secrets, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxName)
        {
            errors["name"] = [$"A token needs a name of 1 to {MaxName} characters, to tell it apart (e.g. 'Claude Desktop')."];
        }

        if (body.ExpiresInDays is < 1 or > MaxDays)
        {
            errors["expires_in_days"] = [$"A token expires in 1 to {MaxDays} days, or leave it out for a token that does not expire."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var tokenId = ids.NewId("t");
        var (text, hash) = PersonalAccessTokens.Issue(user_id, tokenId, secrets);
        var token = new AccessToken(tokenId, name!, hash, now, body.ExpiresInDays is { } days ? now.AddDays(days) : null, null);
        if (!await grains.GetGrain<IAccessTokenGrain>(user_id).CreateAsync(token))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"You already have {IAccessTokenGrain.MaxTokens} tokens; revoke one first.");
        }

        return TypedResults.Created($"/api/{user_id}/tokens/{tokenId}", new CreatedTokenResponse(tokenId, token.Name, text, token.CreatedAt, token.ExpiresAt));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(string user_id, string token_id, IGrainFactory grains) =>
        await grains.GetGrain<IAccessTokenGrain>(user_id).RevokeAsync(token_id) ? TypedResults.NoContent() : TypedResults.NotFound();
}
