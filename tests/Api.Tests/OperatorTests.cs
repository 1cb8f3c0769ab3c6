using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TodoGrains.Api.Tests;

[Collection(SiloCollection.Name)]
public sealed class OperatorTests(SiloFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_Is401WithoutAnOperatorsCookie_EvenForAPersonsToken_And200WithIt()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Silo.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("dashboard/", UriKind.Relative), Ct)).StatusCode);

        var user = await fixture.NewUserAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardWithBearerAsync(http, user.Token)).StatusCode);

        // A browser: sent to the login page, signs in with the form, gets a cookie for the dashboard.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = fixture.Silo.BaseAddress };
        using (var html = new HttpRequestMessage(HttpMethod.Get, "dashboard/"))
        {
            html.Headers.Accept.ParseAdd("text/html");
            var redirect = await browser.SendAsync(html, Ct);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.StartsWith("/ops/login", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Contains("error=1", (await OpsSignInAsync(browser, SiloFixture.OperatorName, "wrong pass")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("error=1", (await OpsSignInAsync(browser, user.UserName, "correct horse battery")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri("dashboard/", UriKind.Relative), Ct)).StatusCode);

        var signIn = await OpsSignInAsync(browser, SiloFixture.OperatorName.ToUpperInvariant(), SiloFixture.OperatorPassword);
        Assert.Equal("/dashboard", signIn.Headers.Location!.OriginalString);
        var page = await browser.GetAsync(new Uri("dashboard/", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteringTheOperatorsName_GivesAnOrdinaryAccount_NeverTheDashboard()
    {
        // The attack: register the configured operator's name (in another letter case) before anyone else.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = fixture.Silo.BaseAddress };
        const string password = "a squatter's password";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("api/auth/register", new JsonObject { ["user_name"] = "OPS-Admin", ["password"] = password }, Ct)).StatusCode);
        var login = (await (await http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = SiloFixture.OperatorName, ["password"] = password }, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var token = login["access_token"]!.GetValue<string>();

        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var claims = JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')))!.AsObject();
        Assert.False(claims.ContainsKey("role"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardWithBearerAsync(http, token)).StatusCode);
        Assert.Contains("error=1", (await OpsSignInAsync(http, SiloFixture.OperatorName, password)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("dashboard/", UriKind.Relative), Ct)).StatusCode);
    }

    private static async Task<HttpResponseMessage> DashboardWithBearerAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "dashboard/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, Ct);
    }

    private static Task<HttpResponseMessage> OpsSignInAsync(HttpClient http, string name, string password) =>
        http.PostAsync(new Uri("ops/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["user_name"] = name, ["password"] = password }), Ct);

    [Fact]
    public async Task Metrics_ExposeTheProductsOwnCounters()
    {
        var user = await fixture.NewUserAsync();
        await user.CreateAsync("""{"title":"Measured"}""");
        await user.JsonAsync(HttpMethod.Patch, "tasks/1/complete");

        var metrics = await fixture.Http.GetStringAsync(new Uri("metrics", UriKind.Relative), Ct);

        Assert.Matches(@"(?m)^todo_tasks_created_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"(?m)^todo_tasks_completed_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"(?m)^todo_events_published_total\{[^}]*topic=""task-events""[^}]*\} [1-9]", metrics);
        Assert.Contains("todo_outbox_pending", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupProbe_Answers200()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync(new Uri("health/startup", UriKind.Relative), Ct)).StatusCode);
    }
}
