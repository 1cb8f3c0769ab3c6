using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;
using TodoGrains.Silo.Auth;

namespace TodoGrains.Silo.Apis;

public sealed record RegisterRequest(string? UserName, string? Password, string? TimeZone = null);

public sealed record RegisterResponse(string UserId, string UserName, string TimeZone);

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record LoginResponse(string AccessToken, string TokenType, int ExpiresIn, string UserId);

public static partial class AuthApi
{
    private const int MinPassword = 8;
    private const int MaxPassword = 128;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AllowAnonymous().WithTags("Sign-in");
        auth.MapPost("/register", RegisterAsync).WithSummary("Create an account");
        auth.MapPost("/login", LoginAsync).WithSummary("Sign in and get a bearer token");
        app.MapPost("/api/auth/refresh", Refresh).RequireAuthorization().WithTags("Sign-in")
            .WithSummary("Swap a valid bearer token for a fresh one, up to the session's absolute age");
        return app;
    }

    private static async Task<Results<Created<RegisterResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest body, IGrainFactory grains, IPasswordHasher<UserAccount> hasher, IIdGenerator ids, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var userName = body.UserName?.Trim().ToLowerInvariant();
        if (userName is null || !UserNamePattern().IsMatch(userName))
        {
            errors["user_name"] = ["A user name is 3 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }

        if (body.Password is null || body.Password.Length < MinPassword || body.Password.Length > MaxPassword)
        {
            errors["password"] = [$"A password has {MinPassword} to {MaxPassword} characters."];
        }
        else if (CommonPasswords.Contains(body.Password) || (userName is not null && body.Password.Contains(userName, StringComparison.OrdinalIgnoreCase)))
        {
            errors["password"] = ["This password is among the most common ones (or holds the user name); choose another."];
        }

        var zone = TimeZoneInfo.Utc;
        if (body.TimeZone is not null && !ZoneClock.TryFindZone(body.TimeZone, out zone))
        {
            errors["time_zone"] = [$"'{body.TimeZone}' is not a known IANA time zone (e.g. Europe/Berlin)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var userId = ids.NewId("u");
        var account = new UserAccount(userId, userName!, "", time.GetUtcNow());
        account = account with { PasswordHash = hasher.HashPassword(account, body.Password!) };
        if (!await grains.GetGrain<IUserAccountGrain>(userName!).RegisterAsync(account))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "That user name is taken.");
        }

        var profile = await grains.GetGrain<ITaskListGrain>(userId).UpdateProfileAsync(UserProfile.Default with { TimeZone = zone.Id });
        return TypedResults.Created($"/api/{userId}/profile", new RegisterResponse(userId, userName!, profile.TimeZone));
    }

    private static async Task<Results<Ok<LoginResponse>, ValidationProblem, UnauthorizedHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest body, HttpContext http, IGrainFactory grains, IPasswordHasher<UserAccount> hasher, TokenService tokens, SignInThrottle throttle)
    {
        if (string.IsNullOrWhiteSpace(body.UserName) || string.IsNullOrEmpty(body.Password))
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body.UserName))
            {
                errors["user_name"] = ["A user name is required."];
            }

            if (string.IsNullOrEmpty(body.Password))
            {
                errors["password"] = ["A password is required."];
            }

            return TypedResults.ValidationProblem(errors);
        }

        var userName = body.UserName.Trim().ToLowerInvariant();
        var address = ClientAddresses.Of(http);
        if (throttle.Refusal(userName, address) is { } refusal)
        {
            return TooManyAttempts(http, refusal);
        }

        var account = userName.Length <= 32 ? await grains.GetGrain<IUserAccountGrain>(userName).GetAsync() : null;
        // Hash even for an unknown name, so timing does not tell which names exist.
        var probe = account ?? new UserAccount("", userName, UnknownUserHash.Value, default);
        var result = body.Password.Length <= MaxPassword
            ? hasher.VerifyHashedPassword(probe, probe.PasswordHash, body.Password)
            : PasswordVerificationResult.Failed;
        if (account is null || result == PasswordVerificationResult.Failed)
        {
            throttle.Failed(userName, address);
            return TypedResults.Unauthorized();
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await grains.GetGrain<IUserAccountGrain>(userName).UpdatePasswordHashAsync(hasher.HashPassword(account, body.Password));
        }

        var (token, lifetime) = tokens.Issue(account.UserId, account.UserName);
        return TypedResults.Ok(new LoginResponse(token, "Bearer", (int)lifetime.TotalSeconds, account.UserId));
    }

    private static Results<Ok<LoginResponse>, UnauthorizedHttpResult> Refresh(System.Security.Claims.ClaimsPrincipal user, TokenService tokens)
    {
        if (tokens.Refresh(user) is not var (token, lifetime))
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(new LoginResponse(token, "Bearer", (int)lifetime.TotalSeconds, user.FindFirst("sub")!.Value));
    }

    /// <summary>429 with Retry-After (whole seconds, at least one) once an account or an address has had too many failures.</summary>
    public static ProblemHttpResult TooManyAttempts(HttpContext http, SignInRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(refusal);
        var seconds = Math.Max(1, (int)Math.Ceiling(refusal.Wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: refusal.Reason,
            detail: $"Try again in {seconds} seconds.");
    }

    private static readonly Lazy<string> UnknownUserHash = new(() =>
        new PasswordHasher<UserAccount>().HashPassword(new UserAccount("", "", "", default), Guid.NewGuid().ToString()));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$")]
    private static partial Regex UserNamePattern();
}
