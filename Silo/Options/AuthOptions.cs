using System.ComponentModel.DataAnnotations;

namespace TodoGrains.Silo.Options;

/// <summary>Bearer-token settings. The signing key never appears in code or in committed configuration.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Base64 HMAC-SHA256 key of at least 32 bytes (from user secrets, the environment or the secret store).
    /// When empty, the embedded shape generates one and keeps it in the data folder.
    /// </summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = EdgeServices.Common.Auth.TodoTokens.DefaultIssuer;

    [Required]
    public string Audience { get; set; } = EdgeServices.Common.Auth.TodoTokens.DefaultAudience;

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>User names that get the operator role (the grain dashboard); none by default.</summary>
    public IList<string> Operators { get; } = [];

    public bool IsOperator(string userName) => Operators.Any(o => string.Equals(o.Trim(), userName, StringComparison.OrdinalIgnoreCase));
}
