using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace TodoGrains.DaprSidecar.Grpc;

/// <summary>
/// Binds <see cref="DaprApiService"/> to the methods of <c>dapr.proto.runtime.v1.Dapr</c>. Dapr.Protos ships the
/// messages and the client but no server base class, so the method descriptors are built here from the proto names.
/// </summary>
internal sealed class DaprServiceMethodProvider : IServiceMethodProvider<DaprApiService>
{
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<DaprApiService> context)
    {
        Add<InvokeServiceRequest, InvokeResponse>(context, "InvokeService", static (s, r, c) => s.InvokeService(r, c));
        Add<GetStateRequest, GetStateResponse>(context, "GetState", static (s, r, c) => s.GetState(r, c));
        Add<GetBulkStateRequest, GetBulkStateResponse>(context, "GetBulkState", static (s, r, c) => s.GetBulkState(r, c));
        Add<SaveStateRequest, Empty>(context, "SaveState", static (s, r, c) => s.SaveState(r, c));
        Add<DeleteStateRequest, Empty>(context, "DeleteState", static (s, r, c) => s.DeleteState(r, c));
        Add<DeleteBulkStateRequest, Empty>(context, "DeleteBulkState", static (s, r, c) => s.DeleteBulkState(r, c));
        Add<ExecuteStateTransactionRequest, Empty>(context, "ExecuteStateTransaction", static (s, r, c) => s.ExecuteStateTransaction(r, c));
        Add<PublishEventRequest, Empty>(context, "PublishEvent", static (s, r, c) => s.PublishEvent(r, c));
        Add<BulkPublishRequest, BulkPublishResponse>(context, "BulkPublishEvent", static (s, r, c) => s.BulkPublishEvent(r, c));
        Add<BulkPublishRequest, BulkPublishResponse>(context, "BulkPublishEventAlpha1", static (s, r, c) => s.BulkPublishEvent(r, c));
        Add<InvokeBindingRequest, InvokeBindingResponse>(context, "InvokeBinding", static (s, r, c) => s.InvokeBinding(r, c));
        Add<GetSecretRequest, GetSecretResponse>(context, "GetSecret", static (s, r, c) => s.GetSecret(r, c));
        Add<GetBulkSecretRequest, GetBulkSecretResponse>(context, "GetBulkSecret", static (s, r, c) => s.GetBulkSecret(r, c));
        Add<GetMetadataRequest, GetMetadataResponse>(context, "GetMetadata", static (s, r, c) => s.GetMetadata(r, c));
        Add<SetMetadataRequest, Empty>(context, "SetMetadata", static (s, r, c) => s.SetMetadata(r, c));
    }

    private static void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<DaprApiService> context,
        string name,
        UnaryServerMethod<DaprApiService, TRequest, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = new Method<TRequest, TResponse>(MethodType.Unary, ServiceName, name, MarshallerFor<TRequest>(), MarshallerFor<TResponse>());
        context.AddUnaryMethod(method, [], invoker);
    }

    private static Marshaller<T> MarshallerFor<T>()
        where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(static () => new T());
        return Marshallers.Create(static message => message.ToByteArray(), parser.ParseFrom);
    }
}
