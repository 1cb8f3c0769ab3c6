using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using TodoGrains.GrainInterfaces.Accounts;
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
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeySource>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((jwt, tokens) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = tokens.ValidationParameters();
            });
        services.AddAuthorization(o => o.AddPolicy(UserApiGroup.OwnerPolicy, UserApiGroup.BuildOwnerPolicy()));
        return builder;
    }
}
