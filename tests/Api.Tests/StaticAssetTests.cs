using System.Net;

namespace TodoGrains.Api.Tests;

/// <summary>
/// Run from its build, the host serves the browser client's files that the build listed, as a publish does: a file put in
/// wwwroot afterwards is not served (the client's index.html answers, as for any path of its own), and no request is
/// matched against the disk (docs/decisions.md).
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class StaticAssetTests(SiloFixture fixture)
{
    [Fact]
    public async Task AFileAddedToWwwrootAfterTheBuild_IsNotServed_WhileTheBuiltOnesAre()
    {
        var name = $"added-after-build-{Guid.NewGuid():N}.txt";
        var path = Path.Combine(RepositoryFolder.Root, "Frontend", "wwwroot", name);
        await File.WriteAllTextAsync(path, "written after the build", TestContext.Current.CancellationToken);
        try
        {
            using var added = await fixture.Http.GetAsync(new Uri(name, UriKind.Relative), TestContext.Current.CancellationToken);
            using var built = await fixture.Http.GetAsync(new Uri("css/app.css", UriKind.Relative), TestContext.Current.CancellationToken);

            // Before: 500, the build's runtime fallback for added files and the client's own fallback both matched.
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            Assert.Equal("text/html", added.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("written after the build", await added.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, built.StatusCode);
            Assert.Equal("text/css", built.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
