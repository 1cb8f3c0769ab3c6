using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using TodoGrains.Auth;

namespace TodoGrains.Bench.Calibration;

/// <summary>
/// The API's ceilings: a minimal ASP.NET Core host, in a process of its own like the silo, behind the same token check
/// (<see cref="TodoTokens"/>: the same validation parameters, the same owner rule). <c>GET /api/{user_id}/tasks</c>
/// answers the very bytes the silo answered for a 50-task list, from memory; <c>POST /api/{user_id}/tasks</c> reads
/// the JSON body, makes one raw 1 KB write to the shape's storage (<see cref="RawWriter"/>) and answers 201. What the
/// silo spends beyond them is the product's own work: the grain call, the rules, the events, the serialisation.
/// </summary>
public static class CeilingHost
{
    public const string Flag = "--ceiling-host";

    /// <summary>Runs the host until the process is stopped: <c>--ceiling-host PORT KEY_BASE64 BODY_FILE [POSTGRES]</c>.</summary>
    public static async Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var at = Array.IndexOf(args, Flag);
        var (port, key, body) = (int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture), Convert.FromBase64String(args[at + 2]), await File.ReadAllBytesAsync(args[at + 3]));
        await using var storage = await RawWriter.OpenAsync(args.Length > at + 4 ? args[at + 4] : null);
        var version = 0L;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Listen, not URLs: the silo's appsettings.json beside this program names the silo's own address.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = TodoTokens.ValidationParameters(new SymmetricSecurityKey(key), TodoTokens.DefaultIssuer, TodoTokens.DefaultAudience);
        });
        builder.Services.AddAuthorization(o => o.AddPolicy("owner", TodoTokens.OwnerPolicy()));
        await using var app = builder.Build();
        app.MapGet("/health/live", () => Results.Text("Healthy"));
        app.MapGet($"/api/{{{TodoTokens.UserIdRouteValue}}}/tasks", () => Results.Bytes(body, "application/json")).RequireAuthorization("owner");
        app.MapPost($"/api/{{{TodoTokens.UserIdRouteValue}}}/tasks", async (string user_id, HttpRequest request) =>
        {
            using var draft = await JsonDocument.ParseAsync(request.Body);
            await storage.WriteAsync(user_id, Interlocked.Increment(ref version));
            return Results.Text(draft.RootElement.GetRawText(), "application/json", statusCode: StatusCodes.Status201Created);
        }).RequireAuthorization("owner");
        await app.RunAsync();
    }

    /// <summary>Starts the host as a child process (this program, with <see cref="Flag"/>) and waits until it answers.</summary>
    public static async Task<Process> StartAsync(int port, byte[] key, string bodyFile, string? postgres)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(CeilingHost).Assembly.Location);
        foreach (var arg in new[] { Flag, port.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToBase64String(key), bodyFile, postgres }.OfType<string>())
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the ceiling host did not start");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        for (var i = 0; i < 200; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri("health/live", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill();
        throw new InvalidOperationException("the ceiling host did not answer: " + await process.StandardError.ReadToEndAsync());
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
