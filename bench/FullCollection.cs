using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace TodoGrains.Bench;

/// <summary>
/// Makes another .NET process run a full blocking garbage collection through the runtime's diagnostic port (as
/// dotnet-gcdump does: an EventPipe session asking for the GC-heap-collect keyword induces one) and returns the bytes
/// that survived it, from the runtime's own GC heap statistics. The host needs no endpoint for it, and the figure
/// holds live objects only: no garbage, no free space inside the heap's regions.
/// </summary>
internal static class FullCollection
{
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;

    public static async Task<long> LiveBytesAsync(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword) };
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: false, circularBufferMB: 64, CancellationToken.None);
        using var source = new EventPipeEventSource(session.EventStream);
        var live = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var full = false;
        source.Clr.GCStart += e => full = e.Depth == 2;
        source.Clr.GCHeapStats += (GCHeapStatsTraceData e) =>
        {
            if (full)
            {
                live.TrySetResult(e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4);
            }
        };
        var reading = Task.Run(source.Process);
        try
        {
            return await live.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("The silo ran no full collection when asked to through its diagnostic port.");
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await reading;
        }
    }
}
