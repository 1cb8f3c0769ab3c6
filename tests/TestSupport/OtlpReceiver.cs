using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TodoGrains.TestSupport;

/// <summary>One OTLP/HTTP export as received: the signal's path and the protobuf body.</summary>
public sealed record OtlpExport(string Path, string ContentType, byte[] Body)
{
    /// <summary>Whether the body holds <paramref name="text"/>: protobuf writes every string as raw UTF-8.</summary>
    public bool Mentions(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP receiver on 127.0.0.1 (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>):
/// it keeps what the real OTLP exporter of a process under test sends, and answers as a collector does.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public ConcurrentQueue<OtlpExport> Exports { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            Exports.Enqueue(new OtlpExport("/v1/" + signal, request.ContentType ?? "", body.ToArray()));
            // An empty ExportServiceResponse: everything accepted.
            return Results.Bytes([], "application/x-protobuf");
        });
        await _app.StartAsync();
        Endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    /// <summary>The exports of one signal (<c>traces</c>, <c>metrics</c>) that mention every one of <paramref name="texts"/>.</summary>
    public IReadOnlyList<OtlpExport> Of(string signal, params string[] texts) =>
        Exports.Where(e => e.Path == "/v1/" + signal && texts.All(e.Mentions)).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
