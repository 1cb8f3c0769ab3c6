namespace TodoGrains.GrainInterfaces.Accounts;

/// <summary>A sign-in account: the user id that a user name maps to, and the password hash.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.UserAccount")]
public sealed record UserAccount(
    [property: Id(0)] string UserId,
    [property: Id(1)] string UserName,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>One account, keyed by the normalised (lower-case) user name, so names are unique.</summary>
[Alias("TodoGrains.IUserAccountGrain")]
public interface IUserAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; false when the name is already taken.</summary>
    [Alias("RegisterAsync")]
    Task<bool> RegisterAsync(UserAccount account);

    /// <summary>Returns the account, or null when the name is not registered.</summary>
    [Alias("GetAsync")]
    Task<UserAccount?> GetAsync();

    /// <summary>Replaces the stored hash, e.g. when the hasher asks for a rehash.</summary>
    [Alias("UpdatePasswordHashAsync")]
    Task UpdatePasswordHashAsync(string passwordHash);
}
