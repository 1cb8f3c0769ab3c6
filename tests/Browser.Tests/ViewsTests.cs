using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>Today (overdue on top), Upcoming by day, All open, Completed: with counts, in the URL, and an empty state that says something.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewsTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(PageActions.Phone)]
    public async Task EachView_ShowsItsTasksGrouped_WithCountsInTheNavigation(int width)
    {
        var page = await fixture.OpenAsync(width: width, height: 844);
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DateTime);
        string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (title, due) in new[] { ("Late report", Day(-2)), ("Today's call", Day(0)), ("Tomorrow's run", Day(1)), ("Dentist", Day(5)), ("Far trip", Day(20)) })
        {
            await api.CreateAsync($$"""{"title":"{{title}}","due":"{{due}}"}""");
        }

        await api.CreateAsync("""{"title":"Someday idea"}""");
        var done = (await api.CreateAsync("""{"title":"Old chore"}"""))["id"]!.GetValue<int>();
        await api.JsonAsync(HttpMethod.Patch, $"tasks/{done}/complete", "{}");

        await BrowserFixture.WaitOrExplainAsync(page, page.GetByTestId("count-completed").Filter(new() { HasText = "1" }), "The counts");
        Assert.Equal("2", await page.GetByTestId("count-today").InnerTextAsync());
        Assert.Equal("3", await page.GetByTestId("count-upcoming").InnerTextAsync());
        Assert.Equal("6", await page.GetByTestId("count-all").InnerTextAsync());
        Assert.Equal(["Overdue", "Today", "Later", "No date"], await HeadingsAsync(page));

        await page.GetByTestId("view-today").ClickAsync();
        await page.GetByTestId("task-count").Filter(new() { HasText = "2 tasks" }).WaitForAsync();
        Assert.Equal(["Overdue", "Today"], await HeadingsAsync(page));
        Assert.Contains("Late report", await page.GetByTestId("group").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("view=today", page.Url, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, $"view-today-{width}");
        await PageActions.AssertNoSidewaysScrollAsync(page, "on Today");

        await page.GetByTestId("view-upcoming").ClickAsync();
        await page.GetByTestId("task-count").Filter(new() { HasText = "3 tasks" }).WaitForAsync();
        var headings = await HeadingsAsync(page);
        Assert.Equal(3, headings.Length);
        Assert.StartsWith("Today · ", headings[0], StringComparison.Ordinal);
        Assert.StartsWith("Tomorrow · ", headings[1], StringComparison.Ordinal);
        Assert.Equal(today.AddDays(5).ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture), headings[2]);
        Assert.DoesNotContain("Far trip", await page.GetByTestId("tasks").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, $"view-upcoming-{width}");
        await PageActions.AssertNoSidewaysScrollAsync(page, "on Upcoming");

        await page.GetByTestId("view-completed").ClickAsync();
        await page.GetByTestId("task-count").Filter(new() { HasText = "1 task" }).WaitForAsync();
        Assert.Contains("Old chore", await page.GetByTestId("tasks").InnerTextAsync(), StringComparison.Ordinal);

        // The view is in the URL: a reload shows the same.
        await page.ReloadAsync();
        await page.GetByTestId("task-count").Filter(new() { HasText = "1 task" }).WaitForAsync();
        Assert.Equal("page", await page.GetByTestId("view-completed").GetAttributeAsync("aria-current"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnEmptyView_SaysWhatItIsFor_AndAFilteredOneOffersToClearTheFilters()
    {
        var page = await fixture.OpenAsync("?view=today");
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        await BrowserFixture.WaitOrExplainAsync(page, page.GetByTestId("empty"), "The empty state");
        Assert.Contains("Nothing due today", await page.GetByTestId("empty").InnerTextAsync(), StringComparison.Ordinal);

        await api.CreateAsync("""{"title":"Buy bread"}""");
        await page.GetByTestId("view-all").ClickAsync();
        await page.GetByTestId("task-count").Filter(new() { HasText = "1 task" }).WaitForAsync();
        await page.GetByTestId("filter-search").FillAsync("zebra");
        await page.GetByTestId("empty").Filter(new() { HasText = "No tasks match these filters." }).WaitForAsync();
        await page.GetByTestId("empty").GetByRole(AriaRole.Button, new() { Name = "Clear the filters" }).ClickAsync();
        await page.GetByTestId("task-count").Filter(new() { HasText = "1 task" }).WaitForAsync();
        Assert.Equal("", await page.GetByTestId("filter-search").InputValueAsync());
        await page.Context.CloseAsync();
    }

    private static async Task<string[]> HeadingsAsync(IPage page) =>
        [.. (await page.GetByTestId("group").Locator("h3").AllTextContentsAsync()).Select(h => System.Text.RegularExpressions.Regex.Replace(h, @"\s*\d+$", ""))];
}
