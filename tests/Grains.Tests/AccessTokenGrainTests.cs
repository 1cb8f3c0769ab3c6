using TodoGrains.GrainInterfaces.Accounts;

namespace TodoGrains.Grains.Tests;

/// <summary>A person's personal access tokens: checked by hash, refused once revoked or expired, their use noted sparingly.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AccessTokenGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Created = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private IAccessTokenGrain NewPerson() => fixture.Grains.GetGrain<IAccessTokenGrain>("u_" + Guid.NewGuid().ToString("N"));

    private static AccessToken Token(string id, DateTimeOffset? expires = null) => new(id, "Claude Desktop", "hash-" + id, Created, expires, null);

    [Fact]
    public async Task AToken_IsValidWithItsHashOnly_UntilItExpires()
    {
        var tokens = NewPerson();
        Assert.True(await tokens.CreateAsync(Token("t_a", expires: Created.AddDays(30))));

        Assert.True(await tokens.ValidateAsync("t_a", "hash-t_a", Created.AddDays(1)));
        Assert.False(await tokens.ValidateAsync("t_a", "hash-t_b", Created.AddDays(1)));
        Assert.False(await tokens.ValidateAsync("t_b", "hash-t_a", Created.AddDays(1)));
        Assert.False(await tokens.ValidateAsync("t_a", "hash-t_a", Created.AddDays(30)));
    }

    [Fact]
    public async Task ARevokedToken_IsRefused_AndOthersStay()
    {
        var tokens = NewPerson();
        await tokens.CreateAsync(Token("t_a"));
        await tokens.CreateAsync(Token("t_b"));

        Assert.True(await tokens.RevokeAsync("t_a"));
        Assert.False(await tokens.RevokeAsync("t_a"));
        Assert.False(await tokens.ValidateAsync("t_a", "hash-t_a", Created));
        Assert.True(await tokens.ValidateAsync("t_b", "hash-t_b", Created));
        Assert.Equal(["t_b"], (await tokens.ListAsync()).Select(t => t.Id));
    }

    [Fact]
    public async Task TheLastUse_IsNotedAtMostOnceAMinute()
    {
        var tokens = NewPerson();
        await tokens.CreateAsync(Token("t_a"));

        await tokens.ValidateAsync("t_a", "hash-t_a", Created.AddSeconds(10));
        await tokens.ValidateAsync("t_a", "hash-t_a", Created.AddSeconds(40));
        Assert.Equal(Created.AddSeconds(10), (await tokens.ListAsync())[0].LastUsedAt);
        await tokens.ValidateAsync("t_a", "hash-t_a", Created.AddSeconds(75));
        Assert.Equal(Created.AddSeconds(75), (await tokens.ListAsync())[0].LastUsedAt);
    }

    [Fact]
    public async Task APerson_KeepsAtMostTwentyTokens()
    {
        var tokens = NewPerson();
        for (var i = 0; i < IAccessTokenGrain.MaxTokens; i++)
        {
            Assert.True(await tokens.CreateAsync(Token($"t_{i}")));
        }

        Assert.False(await tokens.CreateAsync(Token("t_one_more")));
        Assert.Equal(IAccessTokenGrain.MaxTokens, (await tokens.ListAsync()).Count);
    }

    [Fact]
    public async Task ExpiredTokens_StopCountingAgainstTheLimit()
    {
        var tokens = NewPerson();
        for (var i = 0; i < IAccessTokenGrain.MaxTokens; i++)
        {
            await tokens.CreateAsync(Token($"t_{i}", expires: Created.AddDays(1)));
        }

        Assert.True(await tokens.CreateAsync(Token("t_later") with { CreatedAt = Created.AddDays(2) }));
        Assert.Equal(["t_later"], (await tokens.ListAsync()).Select(t => t.Id));
    }
}
