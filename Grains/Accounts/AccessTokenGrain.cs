using Microsoft.Extensions.Logging;
using System.Security.Cryptography;
using System.Text;
using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Accounts;

/// <summary>
/// One person's personal access tokens and calendar feed key. Checking a token compares hashes in constant time; the last use is written
/// at most once a minute per token, so a busy MCP client does not turn every call into a storage write.
/// </summary>
// Asked about ids nobody holds (a guessed token), it must not linger: idle token grains are collected after two minutes.
[CollectionAgeLimit(Minutes = 2)]
internal sealed partial class AccessTokenGrain(
    [PersistentState("tokens", TaskListLayout.StorageName)] IPersistentState<AccessTokenState> state,
    ILogger<AccessTokenGrain> logger) : Grain, IAccessTokenGrain
{
    private static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    public async Task<bool> CreateAsync(AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        // Expired tokens work nowhere: they stop counting against the limit when a new one is made.
        state.State.Tokens.RemoveAll(t => t.ExpiresAt is { } expires && expires <= token.CreatedAt);
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
        var valid = state.State.FeedKeyHash is { } stored && Same(stored, secretHash);
        if (!valid)
        {
            ForgetIfNobody();
        }

        return Task.FromResult(valid);
    }

    // A person with no tokens and no feed (most often: an id somebody guessed) is not kept in memory.
    private void ForgetIfNobody()
    {
        if (!state.RecordExists)
        {
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A token's last use was not written; the token was accepted.")]
    private static partial void LogLastUseNotWritten(ILogger logger, Exception exception);

    private static bool Same(string stored, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(given));

    public async Task<bool> ValidateAsync(string tokenId, string secretHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        var index = state.State.Tokens.FindIndex(t => t.Id == tokenId);
        if (index < 0)
        {
            ForgetIfNobody();
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
            // The last use is news, not a condition: a storage hiccup must not refuse a valid token.
            state.State.Tokens[index] = token with { LastUsedAt = now };
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLastUseNotWritten(logger, ex);
            }
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
