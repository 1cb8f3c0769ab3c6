using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Silo.Apis;

/// <summary>
/// Turns every failure into problem details: unreadable JSON and refused input into 400 naming the field, a call
/// into a silo that died or hangs into 503 with Retry-After, anything unexpected into a 500 without internals (and a
/// log line).
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            TaskValidationException invalid => Invalid(invalid.Errors),
            BadHttpRequestException { InnerException: JsonException json } => Invalid(JsonErrors(json)),
            BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && bad.StatusCode == 400 =>
                Invalid(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] }),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
            // The silo holding the person's grains is gone or hung, or the connection to it broke: another takes them
            // over within seconds. A storage write refused on its ETag means a second activation of the grain wrote
            // first while the directory moved; Orleans deactivates the stale one, so the next try reads fresh state.
            // (A regular expression that ran out of time is a fault of ours, not of the cluster: it stays a 500.)
            Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException
                or Orleans.Runtime.Messaging.ConnectionFailedException or Orleans.Storage.InconsistentStateException => Unavailable(httpContext, exception),
            TimeoutException and not RegexMatchTimeoutException => Unavailable(httpContext, exception),
            _ => Unexpected(exception),
        };
        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(errors.ToDictionary()) { Status = StatusCodes.Status400BadRequest, Title = "One or more validation errors occurred." };

    private static Dictionary<string, string[]> JsonErrors(JsonException json)
    {
        var unmapped = UnmappedProperty().Match(json.Message);
        if (unmapped.Success)
        {
            return new() { [unmapped.Groups[1].Value] = ["This field is not part of the request."] };
        }

        var field = json.Path is null or "$" ? "body" : FieldFromPath(json.Path);
        if (json.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return new() { [field] = ["The field appears more than once."] };
        }

        // A value of the wrong type names its field; broken syntax is a fault of the whole body.
        return json.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? new() { [field] = ["The value has the wrong type or format."] }
            : new() { ["body"] = ["The request body is not valid JSON."] };
    }

    // "$.tags[0]" -> "tags", "$.filter.due_from" -> "filter.due_from"
    private static string FieldFromPath(string path) => ArrayIndex().Replace(path.TrimStart('$').TrimStart('.'), "");

    // Seconds a client waits before trying again while the cluster moves a failed silo's grains.
    private const int RetryAfterSeconds = 2;

    private ProblemDetails Unavailable(HttpContext httpContext, Exception exception)
    {
        LogUnavailable(exception.GetType().Name, exception.Message);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Your list is moving to another server.",
            Detail = $"Try again in {RetryAfterSeconds} seconds.",
        };
    }

    private ProblemDetails Unexpected(Exception exception)
    {
        LogUnexpected(exception);
        return new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong on our side." };
    }

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"\[\d*\]")]
    private static partial Regex ArrayIndex();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503: {ExceptionType}: {ExceptionMessage}")]
    private partial void LogUnavailable(string exceptionType, string exceptionMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private partial void LogUnexpected(Exception exception);
}
