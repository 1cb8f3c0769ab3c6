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
    public async Task Dashboard_Is401WithoutSignIn_403ForAUser_And200ForAnOperator()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Silo.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("dashboard/", UriKind.Relative), Ct)).StatusCode);

        var user = await fixture.NewUserAsync();
        using (var asUser = new HttpRequestMessage(HttpMethod.Get, "dashboard/"))
        {
            asUser.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(asUser, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("api/auth/register", new JsonObject { ["user_name"] = SiloFixture.OperatorName, ["password"] = "operator pass" }, Ct)).StatusCode);
        var login = (await (await http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = SiloFixture.OperatorName, ["password"] = "operator pass" }, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        using (var asOperator = new HttpRequestMessage(HttpMethod.Get, "dashboard/"))
        {
            asOperator.Headers.Authorization = new AuthenticationHeaderValue("Bearer", login["access_token"]!.GetValue<string>());
            var page = await http.SendAsync(asOperator, Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // A browser: sent to the login page, signs in with the form, gets a cookie for the dashboard.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = fixture.Silo.BaseAddress };
        using (var html = new HttpRequestMessage(HttpMethod.Get, "dashboard/"))
        {
            html.Headers.Accept.ParseAdd("text/html");
            var redirect = await browser.SendAsync(html, Ct);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.StartsWith("/ops/login", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var wrong = await browser.PostAsync(new Uri("ops/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["user_name"] = SiloFixture.OperatorName, ["password"] = "wrong pass" }), Ct);
        Assert.Contains("error=1", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var notOperator = await browser.PostAsync(new Uri("ops/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["user_name"] = user.UserName, ["password"] = "correct horse battery" }), Ct);
        Assert.Contains("error=1", notOperator.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri("dashboard/", UriKind.Relative), Ct)).StatusCode);

        var signIn = await browser.PostAsync(new Uri("ops/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["user_name"] = SiloFixture.OperatorName, ["password"] = "operator pass" }), Ct);
        Assert.Equal("/dashboard", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("dashboard/", UriKind.Relative), Ct)).StatusCode);
    }

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
