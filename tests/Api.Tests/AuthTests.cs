using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TodoGrains.Api.Tests;

[Collection(SiloCollection.Name)]
public sealed class AuthTests(SiloFixture fixture)
{
    public static TheoryData<string, string> UserEndpoints => new()
    {
        { "GET", "tasks" }, { "POST", "tasks" }, { "GET", "tasks/1" }, { "PATCH", "tasks/1" }, { "DELETE", "tasks/1" },
        { "PATCH", "tasks/1/complete" }, { "POST", "tasks/1/restore" }, { "POST", "tasks/reschedule" }, { "GET", "profile" }, { "PUT", "profile" },
        { "GET", "tokens" }, { "POST", "tokens" }, { "DELETE", "tokens/t_1" },
    };

    private HttpClient Http => fixture.Http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_ThenLogin_IssuesABearerTokenForTheUser()
    {
        var register = await Http.PostAsJsonAsync("api/auth/register", new JsonObject { ["user_name"] = "Alice-" + Guid.NewGuid().ToString("N")[..6], ["password"] = "s3cret-pass", ["time_zone"] = "Europe/Berlin" }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var created = (await register.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var userId = created["user_id"]!.GetValue<string>();
        var userName = created["user_name"]!.GetValue<string>();
        Assert.Equal(userName.ToLowerInvariant(), userName);
        Assert.Equal("Europe/Berlin", created["time_zone"]!.GetValue<string>());
        Assert.Equal($"/api/{userId}/profile", register.Headers.Location!.OriginalString);

        var login = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = userName.ToUpperInvariant(), ["password"] = "s3cret-pass" }, Ct);
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("Bearer", token["token_type"]!.GetValue<string>());
        Assert.Equal(userId, token["user_id"]!.GetValue<string>());
        Assert.True(token["expires_in"]!.GetValue<int>() > 0);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/{userId}/profile");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token["access_token"]!.GetValue<string>());
        var profile = await Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("Europe/Berlin", (await profile.Content.ReadFromJsonAsync<JsonObject>(Ct))!["time_zone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Register_RefusesATakenName_With409()
    {
        var user = await fixture.NewUserAsync();
        var again = await Http.PostAsJsonAsync("api/auth/register", new JsonObject { ["user_name"] = user.UserName, ["password"] = "another-pass" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        // The original password still works.
        var login = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = user.UserName, ["password"] = "correct horse battery" }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("")]
    public async Task Login_WithAWrongPassword_Is401Or400(string password)
    {
        var user = await fixture.NewUserAsync();
        var login = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = user.UserName, ["password"] = password }, Ct);
        Assert.Equal(password.Length == 0 ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal("application/problem+json", login.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Login_IsRefusedWith429AndRetryAfter_AfterTenWrongPasswords_AndOnlyForThatAccount()
    {
        var victim = await fixture.NewUserAsync();
        var bystander = await fixture.NewUserAsync();
        for (var i = 0; i < 10; i++)
        {
            var wrong = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = victim.UserName, ["password"] = $"guess number {i}" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Even the right password is refused until the window turns, and nothing is hashed meanwhile.
        var refused = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = victim.UserName.ToUpperInvariant(), ["password"] = "correct horse battery" }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.Zero && retryAfter <= TimeSpan.FromMinutes(15), $"Retry-After was {retryAfter}");

        var other = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = bystander.UserName, ["password"] = "correct horse battery" }, Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Login_FromOneAddress_IsRefusedAfterFiftyFailuresAcrossNames_WhileOtherAddressesSignIn()
    {
        var bystander = await fixture.NewUserAsync();
        // The ingress (here: loopback, always a trusted proxy) tells the silo which address each request came from.
        var attacker = $"203.0.113.{Random.Shared.Next(1, 255)}";
        for (var i = 0; i < 50; i++)
        {
            using var wrong = await LoginFromAsync(attacker, $"sprayed-{Guid.NewGuid():N}"[..20], "Summer2026!");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Any name from that address now waits, the right password too, and an address written in front of the
        // proxy's own entry changes nothing.
        using var refused = await LoginFromAsync($"198.51.100.7, {attacker}", bystander.UserName, "correct horse battery");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("Too many failed sign-ins from this address.", (string?)problem!["title"]);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.Zero && retryAfter <= TimeSpan.FromMinutes(15), $"Retry-After was {retryAfter}");

        using var other = await LoginFromAsync("198.51.100.7", bystander.UserName, "correct horse battery");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task FailuresWhoseClientIsUnknown_CountPerAccountOnly_SoAProxysOwnAddressLocksNoOneOut()
    {
        var bystander = await fixture.NewUserAsync();
        // Straight from loopback, a trusted proxy's own address: what an ingress behind a client-hiding load balancer sends.
        for (var i = 0; i < TodoGrains.Silo.Auth.SignInThrottle.FailuresPerAddress + 5; i++)
        {
            using var wrong = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = $"nobody-{Guid.NewGuid():N}"[..20], ["password"] = "Summer2026!" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var other = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = bystander.UserName, ["password"] = "correct horse battery" }, Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private async Task<HttpResponseMessage> LoginFromAsync(string forwardedFor, string userName, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/login")
        {
            Content = JsonContent.Create(new JsonObject { ["user_name"] = userName, ["password"] = password }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await Http.SendAsync(request, Ct);
    }

    [Theory]
    [InlineData("password123")]
    [InlineData("QWERTYUIOP")]
    [InlineData("12345678")]
    public async Task Register_RefusesACommonPassword_NamingTheField(string password)
    {
        var register = await Http.PostAsJsonAsync("api/auth/register", new JsonObject { ["user_name"] = "common-" + Guid.NewGuid().ToString("N")[..6], ["password"] = password }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, register.StatusCode);
        var problem = (await register.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.NotNull(problem["errors"]!["password"]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheDataFolder_WithThePasswordHashes_IsReadableByItsOwnerOnly()
    {
        await fixture.NewUserAsync();
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(fixture.Silo.DataDirectory));
        var files = Directory.GetFiles(fixture.Silo.DataDirectory);
        Assert.Contains(files, f => f.EndsWith("todo-grains.db", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == ownerOnly, $"{Path.GetFileName(f)} is {File.GetUnixFileMode(f)}"));
    }

    [Fact]
    public async Task InternalRoutes_AreClosedToEveryCaller_InTheEmbeddedShape()
    {
        var user = await fixture.NewUserAsync();

        // Loopback is no credential: any local account could call these; the embedded shape needs none of them.
        var digest = await Http.GetAsync(new Uri($"internal/users/{user.UserId}/digest", UriKind.Relative), Ct);
        var spawn = await Http.PostAsync(new Uri($"internal/users/{user.UserId}/series/s/next?after=1", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, digest.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, spawn.StatusCode);
    }

    [Fact]
    public async Task Login_ForAnUnknownName_Is401()
    {
        var login = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = "nobody-" + Guid.NewGuid().ToString("N")[..8], ["password"] = "whatever-pass" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Theory]
    [MemberData(nameof(UserEndpoints))]
    public async Task EveryUserEndpoint_WithoutAToken_Is401(string method, string path)
    {
        var user = await fixture.NewUserAsync();
        var response = await user.SendAsync(new HttpMethod(method), path, "{\"title\":\"x\"}", authenticate: false);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ATamperedToken_Is401()
    {
        var user = await fixture.NewUserAsync();
        var forged = new ApiClient(Http, user.UserId, user.Token[..^4] + "AAAA", user.UserName);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.SendAsync(HttpMethod.Get, "tasks")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(UserEndpoints))]
    public async Task EveryUserEndpoint_WithAnotherUsersToken_Is403_AndChangesNothing(string method, string path)
    {
        var owner = await fixture.NewUserAsync();
        await owner.CreateAsync("{\"title\":\"Mine\"}");
        var intruder = await fixture.NewUserAsync();

        var response = await intruder.SendAsync(new HttpMethod(method), path, "{\"title\":\"x\",\"completed\":true}", asUser: owner.UserId);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var task = await owner.GetTaskAsync(1);
        Assert.Equal("Mine", task["title"]!.GetValue<string>());
        Assert.Equal("pending", task["status"]!.GetValue<string>());
        Assert.Equal(1, (await owner.ListAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnotherUsersTaskId_IsSimplyNotFound_InOnesOwnList()
    {
        var owner = await fixture.NewUserAsync();
        await owner.CreateAsync("{\"title\":\"Secret\"}");
        var other = await fixture.NewUserAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, "tasks/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, "tasks/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Patch, "tasks/1/complete")).StatusCode);
        Assert.Equal("pending", (await owner.GetTaskAsync(1))["status"]!.GetValue<string>());
    }
}
