using System.Collections.Concurrent;
using System.Text.Json;
using TodoGrains.Auth;

namespace TodoGrains.EdgeServices.Sync;

/// <summary>
/// Binds every hub connection to the person who negotiated it. SignalR's HTTP transports address a connection by
/// the token in <c>?id=</c> and accept any signed-in caller holding it (long polls, server-sent events and sends
/// only log that the user changed), so a token seen in a log or a proxy would let someone else read that person's
/// updates. Here a request carrying a token is served only for its owner; anyone else gets the 404 that SignalR
/// gives an unknown token, so the answer does not tell that it exists.
/// </summary>
public sealed class HubConnectionOwners(TimeProvider time)
{
    // SignalR drops a negotiated connection that no transport claims within its disconnect timeout (15 s by
    // default); an owner that never connected is forgotten well after that.
    private static readonly TimeSpan Unclaimed = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Owner> _owners = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep;

    /// <summary>Wraps the hub's endpoints (negotiate and transports): records owners, refuses everyone else.</summary>
    public async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var userId = TodoTokens.UserId(context.User);
        if (context.Request.Path.Value?.EndsWith("/negotiate", StringComparison.Ordinal) == true)
        {
            await NegotiateAsync(context, next, userId);
            return;
        }

        if (context.Request.Query.TryGetValue("id", out var token) && token.ToString() is { Length: > 0 } id &&
            !(_owners.TryGetValue(id, out var owner) && owner.UserId == userId))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("No Connection with that ID", context.RequestAborted);
            return;
        }

        await next(context);
    }

    /// <summary>The hub saw the connection start: keep its owner until it ends.</summary>
    public void Connected(HttpContext? context)
    {
        if (TokenOf(context) is { } token && _owners.TryGetValue(token, out var owner))
        {
            owner.Connected = true;
        }
    }

    public void Disconnected(HttpContext? context)
    {
        if (TokenOf(context) is { } token)
        {
            _owners.TryRemove(token, out _);
        }
    }

    private async Task NegotiateAsync(HttpContext context, RequestDelegate next, string? userId)
    {
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        if (userId is not null && context.Response.StatusCode == StatusCodes.Status200OK && buffer.Length > 0)
        {
            using var negotiated = JsonDocument.Parse(buffer.ToArray());
            // negotiateVersion 1 addresses the connection by connectionToken; version 0 by its connectionId.
            var root = negotiated.RootElement;
            var token = root.TryGetProperty("connectionToken", out var t) ? t.GetString()
                : root.TryGetProperty("connectionId", out var c) ? c.GetString() : null;
            if (token is not null)
            {
                Sweep();
                _owners[token] = new Owner(userId, time.GetUtcNow());
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        if (now - _lastSweep < Unclaimed)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (token, owner) in _owners)
        {
            if (!owner.Connected && now - owner.NegotiatedAt > Unclaimed)
            {
                _owners.TryRemove(token, out _);
            }
        }
    }

    private static string? TokenOf(HttpContext? context) =>
        context?.Request.Query.TryGetValue("id", out var token) == true && token.ToString() is { Length: > 0 } id ? id : null;

    private sealed class Owner(string userId, DateTimeOffset negotiatedAt)
    {
        public string UserId { get; } = userId;

        public DateTimeOffset NegotiatedAt { get; } = negotiatedAt;

        public volatile bool Connected;
    }
}
