using System.Security.Cryptography;
using System.Text;
using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Accounts;

/// <summary>
/// One person's personal access tokens and calendar feed key. Checking a token compares hashes in constant time; the last use is written
/// at most once a minute per token, so a busy MCP client does not turn every call into a storage write.
/// </summary>
internal sealed class AccessTokenGrain(
    [PersistentState("tokens", TaskListLayout.StorageName)] IPersistentState<AccessTokenState> state) : Grain, IAccessTokenGrain
{
    private static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    public async Task<bool> CreateAsync(AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (state.State.Tokens.Count >= IAccessTokenGrain.MaxTokens || state.State.Tokens.Any(t => t.Id == token.Id))
        {
            return false;
        }

        state.State.Tokens.Add(token);
        await state.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<AccessToken>> ListAsync() =>
        Task.FromResult<IReadOnlyList<AccessToken>>(state.State.Tokens.OrderByDescending(t => t.CreatedAt).ToList());

    public async Task<bool> RevokeAsync(string tokenId)
    {
        if (state.State.Tokens.RemoveAll(t => t.Id == tokenId) == 0)
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public async Task SetFeedKeyAsync(string? secretHash)
    {
        state.State.FeedKeyHash = secretHash;
        await state.WriteStateAsync();
    }

    public Task<bool> HasFeedAsync() => Task.FromResult(state.State.FeedKeyHash is not null);

    public Task<bool> ValidateFeedKeyAsync(string secretHash)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        return Task.FromResult(state.State.FeedKeyHash is { } stored && Same(stored, secretHash));
    }

    private static bool Same(string stored, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(given));

    public async Task<bool> ValidateAsync(string tokenId, string secretHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        var index = state.State.Tokens.FindIndex(t => t.Id == tokenId);
        if (index < 0)
        {
            return false;
        }

        var token = state.State.Tokens[index];
        if (!Same(token.SecretHash, secretHash) ||
            (token.ExpiresAt is { } expires && expires <= now))
        {
            return false;
        }

        if (token.LastUsedAt is not { } used || now - used >= UseResolution)
        {
            state.State.Tokens[index] = token with { LastUsedAt = now };
            await state.WriteStateAsync();
        }

        return true;
    }
}

[GenerateSerializer, Alias("TodoGrains.AccessTokenState")]
public sealed class AccessTokenState
{
    [Id(0)] public List<AccessToken> Tokens { get; set; } = [];

    [Id(1)] public string? FeedKeyHash { get; set; }
}
