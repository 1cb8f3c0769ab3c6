namespace TodoGrains.GrainInterfaces.Accounts;

/// <summary>
/// A personal access token as stored: never the token itself, only the SHA-256 of its secret part (a token is 32
/// random bytes, so a fast hash is enough; there is nothing to guess).
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.AccessToken")]
public sealed record AccessToken(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string SecretHash,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] DateTimeOffset? LastUsedAt);

/// <summary>One person's personal access tokens (for MCP clients and the calendar) and calendar feed key, keyed by their user id.</summary>
[Alias("TodoGrains.IAccessTokenGrain")]
public interface IAccessTokenGrain : IGrainWithStringKey
{
    /// <summary>The most tokens one person keeps at once.</summary>
    public const int MaxTokens = 20;

    /// <summary>Stores a new token; false when the person already has <see cref="MaxTokens"/>.</summary>
    [Alias("CreateAsync")]
    Task<bool> CreateAsync(AccessToken token);

    /// <summary>Every token, newest first (hashes included: the caller shows none of them).</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<AccessToken>> ListAsync();

    /// <summary>Removes a token; false when there is none with that id.</summary>
    [Alias("RevokeAsync")]
    Task<bool> RevokeAsync(string tokenId);

    /// <summary>Replaces the calendar feed's secret (the SHA-256 of it), or turns the feed off with null.</summary>
    [Alias("SetFeedKeyAsync")]
    Task SetFeedKeyAsync(string? secretHash);

    /// <summary>Whether the calendar feed is on.</summary>
    [Alias("HasFeedAsync")]
    Task<bool> HasFeedAsync();

    /// <summary>Whether this is the hash of the calendar feed's current secret.</summary>
    [Alias("ValidateFeedKeyAsync")]
    Task<bool> ValidateFeedKeyAsync(string secretHash);

    /// <summary>Whether the token with this id has this secret hash and has not expired at <paramref name="now"/>; notes the use.</summary>
    [Alias("ValidateAsync")]
    Task<bool> ValidateAsync(string tokenId, string secretHash, DateTimeOffset now);
}
