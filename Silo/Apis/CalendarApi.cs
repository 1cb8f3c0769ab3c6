using Microsoft.AspNetCore.Http.HttpResults;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.Silo.Auth;
using TodoGrains.Silo.Calendar;

namespace TodoGrains.Silo.Apis;

public sealed record CalendarFeedResponse(bool Enabled, string? Url = null);

/// <summary>
/// The calendar feed, two ways in: <c>GET /api/{user}/calendar.ics</c> with a personal access token (for a client
/// that can send a header), and a secret URL <c>/calendar/{key}.ics</c> for calendar apps, which cannot. The key is
/// made, replaced and turned off with the sign-in token only, and reads the feed and nothing else.
/// </summary>
public static class CalendarApi
{
    /// <summary>The feed's policy: the route's person, authenticated by a personal access token.</summary>
    public const string FeedPolicy = "calendar-feed";

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/{user_id}").WithTags("Calendar")
            .MapGet("/calendar.ics", (string user_id, IGrainFactory grains, TimeProvider time) => FeedAsync(grains, user_id, time))
            .RequireAuthorization(FeedPolicy)
            .WithSummary("Your open dated tasks as an iCalendar feed (personal access token)");
        var feed = app.MapUserGroup("Calendar");
        feed.MapGet("/calendar/feed", GetFeedAsync).WithSummary("Whether the secret calendar feed URL is on");
        feed.MapPost("/calendar/feed", NewFeedAsync).WithSummary("Make a new secret calendar feed URL (the old one stops working); shown in this answer only");
        feed.MapDelete("/calendar/feed", StopFeedAsync).WithSummary("Turn the secret calendar feed URL off");
        app.MapGet("/calendar/{key}.ics", SecretFeedAsync).AllowAnonymous().WithTags("Calendar").WithSummary("The calendar feed by its secret URL");
        return app;
    }

    private static async Task<IResult> FeedAsync(IGrainFactory grains, string userId, TimeProvider time) =>
        Results.Text(await CalendarFeed.WriteAsync(grains.GetGrain<ITaskListGrain>(userId), userId, time), CalendarFeed.ContentType);

    private static async Task<IResult> SecretFeedAsync(string key, IGrainFactory grains, TimeProvider time)
    {
        // An unknown, old or malformed key is simply not found: nothing tells whether the person exists.
        if (!PersonalAccessTokens.TryParseFeedKey(key, out var parts) ||
            !await grains.GetGrain<IAccessTokenGrain>(parts.Value.UserId).ValidateFeedKeyAsync(PersonalAccessTokens.Hash(parts.Value.Secret)))
        {
            return TypedResults.NotFound();
        }

        return await FeedAsync(grains, parts.Value.UserId, time);
    }

    private static async Task<Ok<CalendarFeedResponse>> GetFeedAsync(string user_id, IGrainFactory grains) =>
        TypedResults.Ok(new CalendarFeedResponse(await grains.GetGrain<IAccessTokenGrain>(user_id).HasFeedAsync()));

    private static async Task<Created<CalendarFeedResponse>> NewFeedAsync(string user_id, HttpRequest request, IGrainFactory grains, ISecretSource secrets)
    {
        var (key, hash) = PersonalAccessTokens.IssueFeedKey(user_id, secrets);
        await grains.GetGrain<IAccessTokenGrain>(user_id).SetFeedKeyAsync(hash);
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/calendar/{key}.ics";
        return TypedResults.Created($"/api/{user_id}/calendar/feed", new CalendarFeedResponse(true, url));
    }

    private static async Task<NoContent> StopFeedAsync(string user_id, IGrainFactory grains)
    {
        await grains.GetGrain<IAccessTokenGrain>(user_id).SetFeedKeyAsync(null);
        return TypedResults.NoContent();
    }
}
