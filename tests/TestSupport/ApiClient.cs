using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace TodoGrains.TestSupport;

/// <summary>A signed-in person talking JSON to the API.</summary>
public sealed class ApiClient(HttpClient http, string userId, string token, string userName)
{
    public string UserId { get; } = userId;

    public string UserName { get; } = userName;

    public string Token { get; } = token;

    public HttpClient Http { get; } = http;

    public static async Task<ApiClient> RegisterAsync(HttpClient http, string? timeZone = "UTC")
    {
        var userName = "user-" + Guid.NewGuid().ToString("N")[..12];
        var body = new JsonObject { ["user_name"] = userName, ["password"] = "correct horse battery" };
        if (timeZone is not null)
        {
            body["time_zone"] = timeZone;
        }

        var register = await http.PostAsJsonAsync("api/auth/register", body);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var login = await http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = userName, ["password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var json = (await login.Content.ReadFromJsonAsync<JsonObject>())!;
        return new ApiClient(http, json["user_id"]!.GetValue<string>(), json["access_token"]!.GetValue<string>(), userName);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? asUser = null, bool authenticate = true)
    {
        var request = new HttpRequestMessage(method, $"api/{asUser ?? UserId}/{path}".TrimEnd('/'));
        if (authenticate)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return Http.SendAsync(request);
    }

    public async Task<JsonObject> JsonAsync(HttpMethod method, string path, string? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await SendAsync(method, path, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A new personal access token's text (for MCP and the calendar feed), made with the sign-in token.</summary>
    public async Task<string> CreateTokenAsync(string name = "test", int? expiresInDays = null)
    {
        var body = new JsonObject { ["name"] = name };
        if (expiresInDays is { } days)
        {
            body["expires_in_days"] = days;
        }

        return (await JsonAsync(HttpMethod.Post, "tokens", body.ToJsonString(), HttpStatusCode.Created))["token"]!.GetValue<string>();
    }

    public Task<JsonObject> CreateAsync(string json) => JsonAsync(HttpMethod.Post, "tasks", json, HttpStatusCode.Created);

    public Task<JsonObject> GetTaskAsync(int id) => JsonAsync(HttpMethod.Get, $"tasks/{id}");

    public async Task<JsonObject> ListAsync(string query = "") => await JsonAsync(HttpMethod.Get, "tasks" + query);

    public static int[] Ids(JsonObject list) => list["items"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()).ToArray();
}
