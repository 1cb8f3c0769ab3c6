using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Accounts;

/// <summary>A sign-in account keyed by normalised user name; the first registration wins.</summary>
internal sealed class UserAccountGrain(
    [PersistentState("account", TaskListLayout.StorageName)] IPersistentState<UserAccountState> state) : Grain, IUserAccountGrain
{
    public async Task<bool> RegisterAsync(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (state.State.Account is not null)
        {
            return false;
        }

        state.State.Account = account;
        await state.WriteStateAsync();
        return true;
    }

    public Task<UserAccount?> GetAsync() => Task.FromResult(state.State.Account);

    public async Task UpdatePasswordHashAsync(string passwordHash)
    {
        if (state.State.Account is { } account)
        {
            state.State.Account = account with { PasswordHash = passwordHash };
            await state.WriteStateAsync();
        }
    }
}

[GenerateSerializer, Alias("TodoGrains.UserAccountState")]
public sealed class UserAccountState
{
    [Id(0)] public UserAccount? Account { get; set; }
}
