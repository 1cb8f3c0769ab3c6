using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using TodoGrains.Auth;
using TodoGrains.EdgeServices.Sync;
using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.Hosting;
using TodoGrains.Silo.Apis;
using TodoGrains.Silo.Auth;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Extensions;

public static class AuthExtensions
{
    /// <summary>JWT bearer sign-in with password accounts hashed by ASP.NET Core Identity's hasher.</summary>
    public static WebApplicationBuilder AddTodoAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddTodoOptions<AuthOptions>(AuthOptions.SectionName);
        services.AddSingleton<SigningKeySource>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<ISecretSource, RandomSecretSource>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null)
            .AddCookie(OperatorApi.CookieScheme, o =>
            {
                // Only for operators' browsers on the dashboard; the API itself takes bearer tokens only.
                o.Cookie.Name = "todo-ops";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.LoginPath = OperatorApi.LoginPath;
                o.Events.OnRedirectToLogin = context => OperatorApi.ChallengeAsync(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => OperatorApi.ChallengeAsync(context, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((jwt, tokens) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = tokens.ValidationParameters();
                SyncService.AcceptHubTokenFromQuery(jwt);
            });
        services.AddAuthorization(o =>
        {
            o.AddPolicy(UserApiGroup.OwnerPolicy, TodoTokens.OwnerPolicy());
            o.AddPolicy(CalendarApi.FeedPolicy, TodoTokens.OwnerPolicy(PersonalAccessTokenHandler.SchemeName));
            o.AddPolicy(ObservabilityExtensions.OperatorPolicy, OperatorApi.BuildOperatorPolicy());
        });
        return builder;
    }
}
