using System.Text;

namespace TodoGrains.DaprSidecar;

/// <summary>One output-binding call (gRPC <c>InvokeBinding</c>) the stand-in received.</summary>
/// <param name="Name">The binding component's name.</param>
/// <param name="Operation">The operation, such as <c>create</c>.</param>
/// <param name="Data">The payload as sent; the SDK sends JSON.</param>
/// <param name="Metadata">The request metadata.</param>
public sealed record BindingInvocation(string Name, string Operation, ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string DataText => Encoding.UTF8.GetString(Data.Span);
}
