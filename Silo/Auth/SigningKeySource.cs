using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Auth;

/// <summary>
/// The HMAC key that signs and checks bearer tokens: from configuration when given, otherwise (embedded
/// shape) a random key generated once and kept in the data folder, readable only by its owner.
/// </summary>
public sealed class SigningKeySource(IOptions<AuthOptions> auth, IOptions<EmbeddedStorageOptions> storage)
{
    private const int KeyBytes = 32;
    private readonly Lazy<SymmetricSecurityKey> _key = new(() => new SymmetricSecurityKey(Load(auth.Value, storage.Value)));

    public SymmetricSecurityKey Key => _key.Value;

    private static byte[] Load(AuthOptions auth, EmbeddedStorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            byte[] configured;
            try
            {
                configured = Convert.FromBase64String(auth.SigningKey);
            }
            catch (FormatException)
            {
                throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions), ["Auth:SigningKey must be base64."]);
            }

            return configured.Length >= KeyBytes
                ? configured
                : throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions), [$"Auth:SigningKey must hold at least {KeyBytes} bytes."]);
        }

        var path = Path.Combine(storage.EnsureDataDirectory(), "jwt-signing.key");
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (existing.Length >= KeyBytes)
            {
                return existing;
            }
        }

        var key = RandomNumberGenerator.GetBytes(KeyBytes * 2);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        return key;
    }
}
