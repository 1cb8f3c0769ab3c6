using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TodoGrains.Silo.Apis;

namespace TodoGrains.Api.Tests;

/// <summary>
/// What a live silo answers when a grain call fails because the cluster is moving a lost silo's grains: 503 with
/// Retry-After for every such failure (a client retries it), and 500 only for what is not one.
/// </summary>
public sealed class ApiExceptionHandlerTests
{
    public static TheoryData<Exception> Transient => new()
    {
        new Orleans.Runtime.SiloUnavailableException("the silo is dead"),
        new TimeoutException("no response in 30 s"),
        new Orleans.Runtime.Messaging.ConnectionFailedException("connection refused"),
        new Orleans.Storage.InconsistentStateException("ETag mismatch", "stored", "current"),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public async Task AFailureOfTheClusterMovingGrains_IsA503WithRetryAfter(Exception exception)
    {
        var http = await HandleAsync(exception);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("2", http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task AnythingElse_IsA500WithoutRetryAfter()
    {
        var http = await HandleAsync(new System.Text.RegularExpressions.RegexMatchTimeoutException("slow pattern"));
        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);

        http = await HandleAsync(new InvalidOperationException("a bug"));

        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);
        Assert.False(http.Response.Headers.ContainsKey("Retry-After"));
    }

    private static async Task<DefaultHttpContext> HandleAsync(Exception exception)
    {
        using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var handler = new ApiExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), NullLogger<ApiExceptionHandler>.Instance);
        Assert.True(await handler.TryHandleAsync(http, exception, TestContext.Current.CancellationToken));
        return http;
    }
}
