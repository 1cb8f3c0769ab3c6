using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using TodoGrains.Auth;

namespace TodoGrains.Silo.Options;

/// <summary>Bearer-token settings. The signing key never appears in code or in committed configuration.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Base64 HMAC-SHA256 key of at least 32 bytes (from user secrets, the environment or the secret store).
    /// When empty, the embedded shape generates one and keeps it in the data folder.
    /// </summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = TodoTokens.DefaultIssuer;

    [Required]
    public string Audience { get; set; } = TodoTokens.DefaultAudience;

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long tokens may be refreshed after the password was typed; then the person signs in again.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan MaxSessionAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The operators' accounts (the grain dashboard): names and passwords from configuration (a secret), apart from
    /// the people who register. No registration can take one: a user name is never an operator. None by default.
    /// </summary>
    public IList<OperatorAccount> Operators { get; } = [];

    /// <summary>The operator with this name and password, checked in constant time; null for anything else.</summary>
    public OperatorAccount? FindOperator(string name, string password)
    {
        var offered = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        OperatorAccount? found = null;
        foreach (var account in Operators)
        {
            var matches = CryptographicOperations.FixedTimeEquals(offered, SHA256.HashData(Encoding.UTF8.GetBytes(account.Password ?? "")));
            if (matches && string.Equals(account.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = account;
            }
        }

        return found;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Operators.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Operators[i].Name))
            {
                yield return new ValidationResult($"Auth:Operators:{i}:Name is required (an operator is a name and a password, not a user name to trust).");
            }

            if ((Operators[i].Password?.Length ?? 0) < OperatorAccount.MinPassword)
            {
                yield return new ValidationResult($"Auth:Operators:{i}:Password needs at least {OperatorAccount.MinPassword} characters (give it from a secret).");
            }
        }
    }
}

/// <summary>One operator: a name that only the sign-in form for operators knows, and its password.</summary>
public sealed class OperatorAccount
{
    public const int MinPassword = 16;

    public string? Name { get; set; }

    public string? Password { get; set; }
}
