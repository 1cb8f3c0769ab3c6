using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.Silo.Auth;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Apis;

/// <summary>
/// Sign-in for operators' browsers: the grain dashboard is a web page, so it is reached with a cookie issued
/// here to users in <c>Auth:Operators</c> (a bearer token with the operator role works too, for scripts).
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

    public static AuthorizationPolicy BuildOperatorPolicy() =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme, CookieScheme)
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
        IGrainFactory grains, IPasswordHasher<UserAccount> hasher, IOptions<AuthOptions> auth, SignInThrottle throttle)
    {
        var name = userName?.Trim().ToLowerInvariant() ?? "";
        if (throttle.Refusal(name) is { } wait)
        {
            return AuthApi.TooManyAttempts(http, wait);
        }

        var account = name.Length is > 0 and <= 32 && password is { Length: > 0 and <= 128 }
            ? await grains.GetGrain<IUserAccountGrain>(name).GetAsync()
            : null;
        if (account is null || hasher.VerifyHashedPassword(account, account.PasswordHash, password!) == PasswordVerificationResult.Failed)
        {
            throttle.Failed(name);
            return Results.Redirect($"{LoginPath}?error=1");
        }

        if (!auth.Value.IsOperator(account.UserName))
        {
            return Results.Redirect($"{LoginPath}?error=1");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.UserName), new Claim(TokenService.RoleClaim, TokenService.OperatorRole)],
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
        {{(error is null ? "" : "<p role=\"alert\">That account is unknown, the password is wrong, or it has no operator role.</p>")}}
        <form method="post" action="{{LoginPath}}">
        <label for="user_name">User name</label><input id="user_name" name="user_name" autocomplete="username" required>
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button></form>
        <p><small>Operators are listed in <code>{{WebUtility.HtmlEncode("Auth:Operators")}}</code>.</small></p></body></html>
        """;
}
