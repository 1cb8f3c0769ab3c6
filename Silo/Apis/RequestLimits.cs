using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TodoGrains.Silo.Apis;

/// <summary>
/// The size of a request's URL and headers. Kestrel answers a request line or a header block over its own limits
/// with a bare status and no body, before any middleware runs. So Kestrel's limits sit well above the API's, and the
/// API's limits (Kestrel's defaults) are checked first in the pipeline, where the answer is a problem document
/// saying what was too long. Only a request past Kestrel's raised limits still gets Kestrel's bare answer.
/// </summary>
public static class RequestLimits
{
    public const int MaxTarget = 8 * 1024;
    public const int MaxHeaders = 32 * 1024;

    public static void RaiseKestrelLimits(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxRequestLineSize = 8 * MaxTarget;
        limits.MaxRequestHeadersTotalSize = 4 * MaxHeaders;
        limits.MaxRequestBodySize = 64 * 1024;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(next => async context =>
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (target.Length > MaxTarget)
        {
            await RefuseAsync(context, StatusCodes.Status414UriTooLong, "The request's URL is too long.",
                $"A URL has at most {MaxTarget} characters; this one has {target.Length}.", null);
            return;
        }

        var total = 0;
        var largest = ("", 0);
        foreach (var (name, values) in context.Request.Headers)
        {
            var size = name.Length + 2 + values.Sum(v => v?.Length ?? 0);
            total += size;
            largest = size > largest.Item2 ? (name, size) : largest;
        }

        if (total > MaxHeaders)
        {
            await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request's headers are too large.",
                $"Headers have at most {MaxHeaders} characters together; these have {total}, the largest '{largest.Item1}' {largest.Item2}.", largest.Item1);
            return;
        }

        await next(context);
    });

    private static async Task RefuseAsync(HttpContext context, int status, string title, string detail, string? header)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (header is not null)
        {
            problem.Extensions["header"] = header;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
