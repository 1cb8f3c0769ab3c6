using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using TodoGrains.Silo.Auth;
using TodoGrains.Silo.Options;

namespace TodoGrains.Api.Tests;

/// <summary>An open tab swaps its token before it expires; a session still ends a fixed time after the password was typed.</summary>
[Collection(SiloCollection.Name)]
public sealed class SessionRefreshTests(SiloFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refresh_WithAValidToken_GivesANewTokenThatWorks_AndKeepsTheSignInTime()
    {
        var user = await fixture.NewUserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/refresh");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        var response = await fixture.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(user.UserId, body["user_id"]!.GetValue<string>());
        Assert.True(body["expires_in"]!.GetValue<int>() > 0);
        var fresh = body["access_token"]!.GetValue<string>();

        using var read = new HttpRequestMessage(HttpMethod.Get, $"api/{user.UserId}/profile");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.SendAsync(read, Ct)).StatusCode);
        var handler = new JsonWebTokenHandler();
        Assert.Equal(handler.ReadJsonWebToken(user.Token).GetClaim("auth_time").Value, handler.ReadJsonWebToken(fresh).GetClaim("auth_time").Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Refresh_WithoutAValidToken_Is401(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/refresh");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Http.SendAsync(request, Ct)).StatusCode);
    }

    [Fact]
    public void Refresh_IsRefused_OnceTheSignInIsOlderThanTheSessionsAge()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var auth = new AuthOptions { SigningKey = Convert.ToBase64String(new byte[32]), MaxSessionAge = TimeSpan.FromDays(30) };
        var tokens = new TokenService(new SigningKeySource(Options.Create(auth), Options.Create(new EmbeddedStorageOptions())), Options.Create(auth), clock);
        var (token, _) = tokens.Issue("u-1", "alice");

        clock.Advance(TimeSpan.FromDays(29));
        var refreshed = tokens.Refresh(Holder(token));
        Assert.NotNull(refreshed);

        clock.Advance(TimeSpan.FromDays(1));
        // Refreshing the refreshed token does not move the session's start.
        Assert.Null(tokens.Refresh(Holder(refreshed.Value.Token)));
    }

    private static ClaimsPrincipal Holder(string token) =>
        new(new ClaimsIdentity(new JsonWebTokenHandler().ReadJsonWebToken(token).Claims, "Bearer"));
}
