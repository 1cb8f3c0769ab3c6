using System.Net;
using System.Net.Http.Headers;
using Ical.Net.DataTypes;

namespace TodoGrains.Api.Tests;

/// <summary>
/// The calendar feed read back with Ical.Net, as a calendar app reads it: the right instants on both sides of a
/// daylight-saving change, all-day dues, series and reminders, and the rules a client checks.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class CalendarFeedTests(SiloFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheFeed_HasEveryOpenDatedTask_AtTheRightInstants_AcrossADaylightSavingChange()
    {
        var person = await fixture.NewUserAsync("Europe/Berlin");
        // Berlin moves to summer time on Sunday 31 March 2030: 09:00 is 08:00 UTC before it and 07:00 UTC after.
        await person.CreateAsync("""{"title":"Team standup","due":"2030-03-25T09:00","recurrence":"FREQ=WEEKLY","remind_before":"PT15M"}""");
        await person.CreateAsync("""{"title":"Mum's birthday","due":"2030-04-02","tags":["family"],"priority":"high"}""");
        await person.CreateAsync("""{"title":"Someday, no date"}""");
        var done = (await person.CreateAsync("""{"title":"Already done","due":"2030-04-03"}"""))["id"]!.GetValue<int>();
        await person.JsonAsync(HttpMethod.Patch, $"tasks/{done}/complete", "{}");

        var text = await FeedAsync(person, await person.CreateTokenAsync());
        var calendar = Ical.Net.Calendar.Load(text)!;

        Assert.Equal(["Mum's birthday", "Team standup"], calendar.Events.Select(e => e.Summary).Order());
        var standup = calendar.Events.Single(e => e.Summary == "Team standup");
        var firstTwo = standup.GetOccurrences(new CalDateTime(2030, 3, 1)).Take(2).Select(o => o.Period.StartTime.AsUtc).ToList();
        Assert.Equal([new DateTime(2030, 3, 25, 8, 0, 0, DateTimeKind.Utc), new DateTime(2030, 4, 1, 7, 0, 0, DateTimeKind.Utc)], firstTwo);
        Assert.Equal("Europe/Berlin", standup.DtStart!.TzId);
        Assert.Equal(-15, standup.Alarms.Single().Trigger!.Duration!.Value.Minutes);
        Assert.Contains(calendar.TimeZones, z => z.TzId == "Europe/Berlin");

        var birthday = calendar.Events.Single(e => e.Summary == "Mum's birthday");
        Assert.False(birthday.DtStart!.HasTime);
        Assert.Equal(new DateOnly(2030, 4, 2), birthday.DtStart.Date);
        Assert.Equal(["family"], birthday.Categories);
        Assert.Equal(1, birthday.Priority);
    }

    [Fact]
    public async Task TheZone_CarriesItsRules_AndADateOnlyReminder_FiresAtThePersonsReminderTime()
    {
        var person = await fixture.NewUserAsync("Europe/Berlin");
        await person.CreateAsync("""{"title":"Bin day","due":"2030-05-06","remind_before":"PT15M"}""");
        await person.CreateAsync("""{"title":"Swim","due":"2030-04-01T07:00","recurrence":"FREQ=WEEKLY;UNTIL=20300415"}""");

        var text = await FeedAsync(person, await person.CreateTokenAsync());
        var calendar = Ical.Net.Calendar.Load(text)!;

        // A VTIMEZONE a client can use on its own: standard and daylight rules, not only a TZID.
        var zone = text[text.IndexOf("BEGIN:VTIMEZONE", StringComparison.Ordinal)..text.IndexOf("END:VTIMEZONE", StringComparison.Ordinal)];
        Assert.Contains("BEGIN:STANDARD", zone, StringComparison.Ordinal);
        Assert.Contains("BEGIN:DAYLIGHT", zone, StringComparison.Ordinal);
        // The app reminds of a date-only task at the person's reminder time (09:00) minus the offset: 08:45 that day.
        var alarm = calendar.Events.Single(e => e.Summary == "Bin day").Alarms.Single().Trigger!.Duration!.Value;
        Assert.Equal((8, 45), (alarm.Hours, alarm.Minutes));
        // A timed series ends at a UTC UNTIL, and keeps its last day.
        Assert.Matches(@"RRULE:FREQ=WEEKLY;UNTIL=20300415T\d{6}Z", text);
        var swims = calendar.Events.Single(e => e.Summary == "Swim").GetOccurrences(new CalDateTime(2030, 3, 1)).Select(o => o.Period.StartTime.Date).ToList();
        Assert.Equal([new DateOnly(2030, 4, 1), new DateOnly(2030, 4, 8), new DateOnly(2030, 4, 15)], swims);
    }

    [Fact]
    public async Task TheFeed_KeepsTheRulesACalendarClientChecks()
    {
        var person = await fixture.NewUserAsync("America/New_York");
        await person.CreateAsync($$"""{"title":"{{new string('x', 150)}} with a long title that must be folded","due":"2030-06-01T18:30","description":"Line one\nline two; with, commas"}""");

        var text = await FeedAsync(person, await person.CreateTokenAsync());

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nVERSION:2.0\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nPRODID:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.All(text.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, $"An unfolded line: {line}"));
        var evt = Ical.Net.Calendar.Load(text)!.Events.Single();
        Assert.False(string.IsNullOrEmpty(evt.Uid));
        Assert.NotNull(evt.DtStamp);
        Assert.Equal("Line one\nline two; with, commas", evt.Description);
    }

    [Fact]
    public async Task ASeriesWithACount_ShowsOnlyTheOccurrencesLeft()
    {
        var person = await fixture.NewUserAsync();
        var first = (await person.CreateAsync("""{"title":"Physio exercise","due":"2030-05-01","recurrence":"FREQ=DAILY;COUNT=3"}"""))["id"]!.GetValue<int>();
        await person.JsonAsync(HttpMethod.Patch, $"tasks/{first}/complete", "{}");

        var calendar = Ical.Net.Calendar.Load(await FeedAsync(person, await person.CreateTokenAsync()))!;

        var occurrences = calendar.Events.Single().GetOccurrences(new CalDateTime(2030, 4, 1)).Select(o => o.Period.StartTime.Date).ToList();
        Assert.Equal([new DateOnly(2030, 5, 2), new DateOnly(2030, 5, 3)], occurrences);
    }

    [Fact]
    public async Task TheSecretUrl_ServesTheFeedWithoutAHeader_UntilItIsReplacedOrTurnedOff()
    {
        var person = await fixture.NewUserAsync();
        await person.CreateAsync("""{"title":"Dentist","due":"2030-02-01T10:00"}""");
        Assert.False((await person.JsonAsync(HttpMethod.Get, "calendar/feed"))["enabled"]!.GetValue<bool>());

        var first = (await person.JsonAsync(HttpMethod.Post, "calendar/feed", "{}", HttpStatusCode.Created))["url"]!.GetValue<string>();
        Assert.StartsWith(fixture.Silo.BaseAddress + "calendar/tgf_", first, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        using (var feed = await anonymous.GetAsync(first, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
            Assert.Contains("SUMMARY:Dentist", await feed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var second = (await person.JsonAsync(HttpMethod.Post, "calendar/feed", "{}", HttpStatusCode.Created))["url"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(first, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second, Ct)).StatusCode);

        using (var stop = await person.SendAsync(HttpMethod.Delete, "calendar/feed"))
        {
            Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(second, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(fixture.Silo.BaseAddress, "calendar/tgf_nonsense.ics"), Ct)).StatusCode);
        var withNewline = second.Replace(".ics", "%0A.ics", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(withNewline, Ct)).StatusCode);
    }

    [Fact]
    public async Task TheTokenFeed_IsThePersonsOwn_AndTakesOnlyAPersonalAccessToken()
    {
        var alice = await fixture.NewUserAsync();
        var bob = await fixture.NewUserAsync();

        using (var others = await GetAsync($"api/{alice.UserId}/calendar.ics", await bob.CreateTokenAsync()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        }

        using (var signIn = await GetAsync($"api/{alice.UserId}/calendar.ics", alice.Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        }

        // The feed key reads the feed and nothing else.
        var url = (await alice.JsonAsync(HttpMethod.Post, "calendar/feed", "{}", HttpStatusCode.Created))["url"]!.GetValue<string>();
        var key = url[(url.LastIndexOf('/') + 1)..^".ics".Length];
        using var withKey = await GetAsync($"api/{alice.UserId}/tasks", key);
        Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await fixture.Http.SendAsync(request, Ct);
    }

    private async Task<string> FeedAsync(ApiClient person, string token)
    {
        using var response = await GetAsync($"api/{person.UserId}/calendar.ics", token);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }
}
