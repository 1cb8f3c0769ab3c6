using Microsoft.AspNetCore.Http.HttpResults;
using TodoGrains.GrainInterfaces;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Silo.Apis;

public static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        var profile = app.MapUserGroup("Profile");
        profile.MapGet("/profile", GetAsync).WithSummary("Your time zone and default reminder time");
        profile.MapPut("/profile", PutAsync).WithSummary("Change your time zone or default reminder time");
        return app;
    }

    private static async Task<Ok<ProfileResponse>> GetAsync(string user_id, IGrainFactory grains) =>
        TypedResults.Ok(ProfileResponse.From(user_id, await grains.GetGrain<ITaskListGrain>(user_id).GetProfileAsync()));

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem>> PutAsync(string user_id, ProfileRequest body, IGrainFactory grains)
    {
        var parse = new InputParser();
        var time = parse.TimeOfDay(body.DefaultReminderTime, "default_reminder_time");
        if (body.TimeZone is null && body.DefaultReminderTime is null)
        {
            parse.Error("body", "Give 'time_zone', 'default_reminder_time' or both.");
        }

        if (!parse.Ok)
        {
            return TypedResults.ValidationProblem(parse.Errors);
        }

        var grain = grains.GetGrain<ITaskListGrain>(user_id);
        var current = await grain.GetProfileAsync();
        var updated = await grain.UpdateProfileAsync(current with
        {
            TimeZone = body.TimeZone ?? current.TimeZone,
            DefaultReminderTime = time ?? current.DefaultReminderTime,
        });
        return TypedResults.Ok(ProfileResponse.From(user_id, updated));
    }
}
