using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TodoGrains.Silo.Auth;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Apis;

/// <summary>
/// Sign-in for operators' browsers: the grain dashboard is a web page, reached with a cookie issued here to the
/// accounts in <c>Auth:Operators</c> (a name and a password from a secret; never a person's registered account).
/// </summary>
public static class OperatorApi
{
    public const string CookieScheme = "ops";
    public const string LoginPath = "/ops/login";

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/ops").AllowAnonymous().ExcludeFromDescription();
        ops.MapGet("/login", (string? error) => Results.Content(LoginPage(error), "text/html; charset=utf-8"));
        // A login form: nothing to forge a request for before one is signed in.
        ops.MapPost("/login", SignInAsync).DisableAntiforgery();
        ops.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieScheme);
            return Results.Redirect(LoginPath);
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>The operators' cookie only: a person's bearer token never opens the dashboard, whatever it holds.</summary>
    public static AuthorizationPolicy BuildOperatorPolicy() =>
        new AuthorizationPolicyBuilder(CookieScheme)
            .RequireAuthenticatedUser()
            .RequireRole(TokenService.OperatorRole)
            .Build();

    /// <summary>A browser is sent to the login page; anything else gets the status code.</summary>
    public static Task ChallengeAsync(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        var wantsHtml = context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        if (wantsHtml && status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, [FromForm(Name = "user_name")] string? userName, [FromForm(Name = "password")] string? password,
        IOptions<AuthOptions> auth, SignInThrottle throttle)
    {
        // Operators are not people's accounts: their names share no space with registrations (see AuthOptions).
        var name = userName?.Trim() ?? "";
        var throttleKey = "ops:" + name.ToLowerInvariant();
        if (throttle.Refusal(throttleKey, ClientAddresses.Of(http)) is { } refusal)
        {
            return AuthApi.TooManyAttempts(http, refusal);
        }

        var account = name.Length is > 0 and <= 64 && password is { Length: > 0 and <= 256 } ? auth.Value.FindOperator(name, password) : null;
        if (account is null)
        {
            throttle.Failed(throttleKey, ClientAddresses.Of(http));
            return Results.Redirect($"{LoginPath}?error=1");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name!), new Claim(TokenService.RoleClaim, TokenService.OperatorRole)],
            CookieScheme, ClaimTypes.Name, TokenService.RoleClaim);
        await http.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        return Results.Redirect("/dashboard");
    }

    private static string LoginPage(string? error) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>TodoGrains operators</title>
        <style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}input,button{padding:.5rem;font-size:1rem}</style></head>
        <body><h1>Grain dashboard</h1>
        {{(error is null ? "" : "<p role=\"alert\">That operator is unknown or the password is wrong.</p>")}}
        <form method="post" action="{{LoginPath}}">
        <label for="user_name">Operator name</label><input id="user_name" name="user_name" autocomplete="username" required>
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button></form>
        <p><small>Operators are configured in <code>{{WebUtility.HtmlEncode("Auth:Operators")}}</code> (a name and a password each); accounts of the app are not operators.</small></p></body></html>
        """;
}
