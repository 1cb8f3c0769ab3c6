using System.Net;
using System.Net.Http.Headers;

namespace TodoGrains.Api.Tests;

/// <summary>
/// A list answers with an entity tag; asked again with it while nothing changed, 304 Not Modified and no body, so a
/// client polling an unchanged list costs neither the page's serialisation nor its bytes.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class ListCachingTests(SiloFixture fixture)
{
    private const string List = "tasks?status=all&limit=50";

    [Fact]
    public async Task AnUnchangedList_IsNotModified_UntilAChangeOrAnotherQuery()
    {
        var user = await fixture.NewUserAsync("Europe/Berlin");
        await user.CreateAsync("""{"title":"Groceries","priority":"low"}""");
        await user.CreateAsync("""{"title":"Dentist","due":"2030-01-10T09:30"}""");

        using var first = await user.SendAsync(HttpMethod.Get, List);
        var tag = first.Headers.ETag;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(tag);
        Assert.True(first.Headers.CacheControl is { Private: true, NoCache: true }, "a person's list is private and checked every time");

        using var again = await GetAsync(user, List, tag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(tag, again.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(user, List, "W/" + tag.Tag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(user, List, "\"other\", " + tag.Tag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(user, List, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(user, List, "not a tag")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(user, "tasks?status=pending&limit=50", tag.Tag)).StatusCode);

        // A change that changes nothing keeps the tag; a real one, or a new time zone, gives a new one.
        await user.JsonAsync(HttpMethod.Patch, "tasks/1", """{"priority":"low"}""");
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(user, List, tag.Tag)).StatusCode);
        await user.JsonAsync(HttpMethod.Patch, "tasks/1", """{"priority":"high"}""");
        using var changed = await GetAsync(user, List, tag.Tag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("\"high\"", await changed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var newer = changed.Headers.ETag!.Tag;
        Assert.NotEqual(tag.Tag, newer);
        await user.JsonAsync(HttpMethod.Put, "profile", """{"time_zone":"Asia/Karachi"}""");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(user, List, newer)).StatusCode);
    }

    [Fact]
    public async Task AListAskedAgainWithoutItsTag_IsTheSameBytes_UntilItChanges()
    {
        var user = await fixture.NewUserAsync();
        await user.CreateAsync("""{"title":"Groceries"}""");
        var ct = TestContext.Current.CancellationToken;

        var first = await (await user.SendAsync(HttpMethod.Get, List)).Content.ReadAsStringAsync(ct);
        using var again = await user.SendAsync(HttpMethod.Get, List);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("application/json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first, await again.Content.ReadAsStringAsync(ct));

        await user.JsonAsync(HttpMethod.Patch, "tasks/1", """{"title":"Groceries and milk"}""");
        var changed = await (await user.SendAsync(HttpMethod.Get, List)).Content.ReadAsStringAsync(ct);
        Assert.Contains("Groceries and milk", changed, StringComparison.Ordinal);
        using var other = await user.SendAsync(HttpMethod.Get, "tasks?status=completed");
        Assert.Contains("\"total\":0", await other.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherPersonsTag_NeverMatches()
    {
        var one = await fixture.NewUserAsync();
        var other = await fixture.NewUserAsync();

        using var mine = await one.SendAsync(HttpMethod.Get, List);
        using var theirs = await GetAsync(other, List, mine.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.NotEqual(mine.Headers.ETag, theirs.Headers.ETag);
    }

    [Fact]
    public async Task ABadQuery_IsStillAProblemNamingTheField_WhateverTheTag()
    {
        var user = await fixture.NewUserAsync();
        using var response = await GetAsync(user, "tasks?limit=0", "*");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> GetAsync(TestSupport.ApiClient user, string path, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/{user.UserId}/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return user.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
