using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TodoGrains.Silo.Auth;

/// <summary>The source of token secrets, injectable so tests can predict them.</summary>
public interface ISecretSource
{
    /// <summary><paramref name="bytes"/> random bytes.</summary>
    byte[] NewSecret(int bytes);
}

/// <summary>The operating system's cryptographic random numbers.</summary>
public sealed class RandomSecretSource : ISecretSource
{
    public byte[] NewSecret(int bytes) => RandomNumberGenerator.GetBytes(bytes);
}

/// <summary>
/// A personal access token's text: <c>tgp_{user id}.{token id}.{secret}</c>. The prefix tells it from a sign-in JWT
/// (and lets secret scanners find a leaked one); the user id says which person's token grain checks it; only the
/// SHA-256 of the 32-byte secret is stored.
/// </summary>
public static partial class PersonalAccessTokens
{
    public const string Prefix = "tgp_";

    public const string FeedPrefix = "tgf_";

    private const int SecretBytes = 32;

    public readonly record struct Parts(string UserId, string TokenId, string Secret);

    /// <summary>A new token's text for a stored token id, and the hash to store.</summary>
    public static (string Text, string SecretHash) Issue(string userId, string tokenId, ISecretSource secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var secret = NewSecret(secrets);
        return ($"{Prefix}{userId}.{tokenId}.{secret}", Hash(secret));
    }

    /// <summary>The calendar feed's key, <c>tgf_{user id}.{secret}</c>: it can read the feed and nothing else.</summary>
    public static (string Text, string SecretHash) IssueFeedKey(string userId, ISecretSource secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var secret = NewSecret(secrets);
        return ($"{FeedPrefix}{userId}.{secret}", Hash(secret));
    }

    public static bool TryParseFeedKey(string? text, [NotNullWhen(true)] out (string UserId, string Secret)? parts)
    {
        var match = text is null ? null : FeedKeyPattern().Match(text);
        parts = match is { Success: true } ? (match.Groups["user"].Value, match.Groups["secret"].Value) : null;
        return parts is not null;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out Parts? parts)
    {
        var match = text is null ? null : TokenPattern().Match(text);
        parts = match is { Success: true } ? new Parts(match.Groups["user"].Value, match.Groups["token"].Value, match.Groups["secret"].Value) : null;
        return parts is not null;
    }

    private static string NewSecret(ISecretSource secrets) =>
        Convert.ToBase64String(secrets.NewSecret(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    [GeneratedRegex(@"^tgp_(?<user>u_[0-9a-f]{32})\.(?<token>t_[0-9a-f]{32})\.(?<secret>[A-Za-z0-9_-]{43})\z", RegexOptions.CultureInvariant, 100)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^tgf_(?<user>u_[0-9a-f]{32})\.(?<secret>[A-Za-z0-9_-]{43})\z", RegexOptions.CultureInvariant, 100)]
    private static partial Regex FeedKeyPattern();
}
