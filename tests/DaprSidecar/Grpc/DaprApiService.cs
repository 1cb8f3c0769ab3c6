using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TodoGrains.DaprSidecar.PubSub;
using TodoGrains.DaprSidecar.State;

namespace TodoGrains.DaprSidecar.Grpc;

/// <summary>The gRPC side of the stand-in; status codes follow daprd's gRPC API.</summary>
internal sealed class DaprApiService(SidecarCore core)
{
    private const string RuntimeVersion = "stand-in";

    public async Task<InvokeResponse> InvokeService(InvokeServiceRequest request, ServerCallContext context)
    {
        var app = core.Apps.Find(request.Id)
            ?? throw new RpcException(new Status(StatusCode.Internal, $"fail to invoke, id: {request.Id}, err: app not registered with the stand-in"));
        var message = request.Message ?? new InvokeRequest();
        var extension = message.HttpExtension;

        // An HTTP app gets the Any's bytes as its body, with the verb and query string of the HTTP extension.
        var verb = extension is null || extension.Verb == HTTPExtension.Types.Verb.None ? HttpMethod.Post : new HttpMethod(extension.Verb.ToString().ToUpperInvariant());
        var target = string.IsNullOrEmpty(extension?.Querystring) ? message.Method : $"{message.Method}?{extension.Querystring}";
        using var outgoing = core.Apps.CreateRequest(verb, app, target);
        outgoing.Headers.TryAddWithoutValidation("dapr-caller-app-id", core.AppId);
        outgoing.Headers.TryAddWithoutValidation("dapr-callee-app-id", app.AppId);
        if (message.Data is { } data)
        {
            outgoing.Content = new ByteArrayContent(data.Value.ToByteArray());
            if (!string.IsNullOrEmpty(message.ContentType) && MediaTypeHeaderValue.TryParse(message.ContentType, out var contentType))
            {
                outgoing.Content.Headers.ContentType = contentType;
            }
        }

        try
        {
            using var response = await core.Apps.SendAsync(outgoing, HttpCompletionOption.ResponseContentRead, context.CancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RpcException(new Status(CodeFromHttp(response.StatusCode), $"app answered {(int)response.StatusCode}"));
            }

            return new InvokeResponse
            {
                Data = new Any { Value = ByteString.CopyFrom(body) },
                ContentType = response.Content.Headers.ContentType?.ToString() ?? string.Empty,
            };
        }
        catch (HttpRequestException e)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"fail to invoke, id: {request.Id}, err: {e.Message}"));
        }
    }

    public Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        RequireStoreName(request.StoreName);
        var response = new GetStateResponse();
        if (core.State[request.StoreName].Get(request.Key) is { } stored)
        {
            response.Data = stored.Data;
            response.Etag = stored.ETag;
        }

        return Task.FromResult(response);
    }

    public Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context)
    {
        RequireStoreName(request.StoreName);
        var store = core.State[request.StoreName];
        var response = new GetBulkStateResponse();
        foreach (var key in request.Keys)
        {
            var item = new BulkStateItem { Key = key };
            if (store.Get(key) is { } stored)
            {
                item.Data = stored.Data;
                item.Etag = stored.ETag;
            }

            response.Items.Add(item);
        }

        return Task.FromResult(response);
    }

    public Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context) =>
        Apply(request.StoreName, request.States.Select(StateWrite.Upsert).ToList(), StatusCode.Aborted, "failed saving state in state store");

    public Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        var write = new StateWrite(request.Key, null, request.Etag?.Value, request.Options?.Concurrency ?? default);
        return Apply(request.StoreName, [write], StatusCode.Aborted, "failed deleting state with key " + request.Key);
    }

    public Task<Empty> DeleteBulkState(DeleteBulkStateRequest request, ServerCallContext context) =>
        Apply(request.StoreName, request.States.Select(StateWrite.Delete).ToList(), StatusCode.Aborted, "failed deleting state");

    // daprd answers Internal for any failed transaction, an ETag mismatch included.
    public Task<Empty> ExecuteStateTransaction(ExecuteStateTransactionRequest request, ServerCallContext context)
    {
        var writes = new List<StateWrite>();
        foreach (var operation in request.Operations)
        {
            var item = operation.Request ?? new StateItem();
            writes.Add(operation.OperationType switch
            {
                "upsert" => StateWrite.Upsert(item),
                "delete" => StateWrite.Delete(item),
                _ => throw new RpcException(new Status(StatusCode.Unimplemented, $"operation type {operation.OperationType} not supported")),
            });
        }

        return Apply(request.StoreName, writes, StatusCode.Internal, "error while executing state transaction");
    }

    public async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        RequirePubsubAndTopic(request.PubsubName, request.Topic);
        var outgoing = new OutgoingEvent(
            request.PubsubName,
            request.Topic,
            request.Data.Memory,
            request.DataContentType,
            new Dictionary<string, string>(request.Metadata, StringComparer.Ordinal),
            TraceParent(context));
        if (!await core.Broker.TryPublishAsync(outgoing, context.CancellationToken).ConfigureAwait(false))
        {
            throw PublishRefused(request.Topic);
        }

        return new Empty();
    }

    public async Task<BulkPublishResponse> BulkPublishEvent(BulkPublishRequest request, ServerCallContext context)
    {
        RequirePubsubAndTopic(request.PubsubName, request.Topic);
        if (core.Broker.FailPublishes)
        {
            throw PublishRefused(request.Topic);
        }

        var response = new BulkPublishResponse();
        foreach (var entry in request.Entries)
        {
            var metadata = new Dictionary<string, string>(request.Metadata, StringComparer.Ordinal);
            foreach (var (key, value) in entry.Metadata)
            {
                metadata[key] = value;
            }

            var outgoing = new OutgoingEvent(request.PubsubName, request.Topic, entry.Event.Memory, entry.ContentType, metadata, TraceParent(context));
            if (!await core.Broker.TryPublishAsync(outgoing, context.CancellationToken).ConfigureAwait(false))
            {
                response.FailedEntries.Add(new BulkPublishResponseFailedEntry { EntryId = entry.EntryId, Error = "publishing is set to fail" });
            }
        }

        return response;
    }

    public Task<InvokeBindingResponse> InvokeBinding(InvokeBindingRequest request, ServerCallContext context)
    {
        core.BindingInvocations.Enqueue(new BindingInvocation(
            request.Name,
            request.Operation,
            request.Data.ToByteArray(),
            new Dictionary<string, string>(request.Metadata, StringComparer.Ordinal)));
        return Task.FromResult(new InvokeBindingResponse());
    }

    public Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context)
    {
        var store = SecretStore(request.StoreName);
        if (!store.TryGetValue(request.Key, out var value))
        {
            throw new RpcException(new Status(
                StatusCode.Internal,
                $"failed getting secret with key {request.Key} from secret store {request.StoreName}: secret {request.Key} not found"));
        }

        return Task.FromResult(new GetSecretResponse { Data = { [request.Key] = value } });
    }

    public Task<GetBulkSecretResponse> GetBulkSecret(GetBulkSecretRequest request, ServerCallContext context)
    {
        var response = new GetBulkSecretResponse();
        foreach (var (key, value) in SecretStore(request.StoreName))
        {
            response.Data[key] = new SecretResponse { Secrets = { [key] = value } };
        }

        return Task.FromResult(response);
    }

    public Task<GetMetadataResponse> GetMetadata(GetMetadataRequest request, ServerCallContext context)
    {
        var response = new GetMetadataResponse { Id = core.AppId, RuntimeVersion = RuntimeVersion };
        foreach (var (key, value) in core.ExtendedMetadata)
        {
            response.ExtendedMetadata[key] = value;
        }

        foreach (var (_, subscription) in core.Broker.KnownSubscriptions())
        {
            response.Subscriptions.Add(new PubsubSubscription
            {
                PubsubName = subscription.PubsubName,
                Topic = subscription.Topic,
                DeadLetterTopic = subscription.DeadLetterTopic ?? string.Empty,
                Rules = new PubsubSubscriptionRules { Rules = { new PubsubSubscriptionRule { Path = subscription.Route } } },
            });
        }

        return Task.FromResult(response);
    }

    public Task<Empty> SetMetadata(SetMetadataRequest request, ServerCallContext context)
    {
        core.ExtendedMetadata[request.Key] = request.Value;
        return Task.FromResult(new Empty());
    }

    private Task<Empty> Apply(string storeName, IReadOnlyList<StateWrite> writes, StatusCode mismatchCode, string failure)
    {
        RequireStoreName(storeName);
        if (!core.State[storeName].TryApply(writes, out var error))
        {
            throw new RpcException(new Status(mismatchCode, $"{failure}: {error}"));
        }

        return Task.FromResult(new Empty());
    }

    private ConcurrentDictionary<string, string> SecretStore(string storeName) =>
        core.Secrets.GetValueOrDefault(storeName)
        ?? throw new RpcException(new Status(StatusCode.InvalidArgument, $"failed finding secret store with key {storeName}"));

    private static void RequireStoreName(string storeName)
    {
        if (string.IsNullOrEmpty(storeName))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "state store name is empty"));
        }
    }

    private static void RequirePubsubAndTopic(string pubsubName, string topic)
    {
        if (string.IsNullOrEmpty(pubsubName) || string.IsNullOrEmpty(topic))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "pubsub name and topic are required"));
        }
    }

    private static RpcException PublishRefused(string topic) =>
        new(new Status(StatusCode.Unavailable, $"error when publishing to topic {topic}: the stand-in is set to fail publishes"));

    private static string? TraceParent(ServerCallContext context) => context.RequestHeaders.GetValue("traceparent");

    // The usual HTTP-to-gRPC mapping (as grpc-gateway and daprd's CodeFromHTTPStatus).
    private static StatusCode CodeFromHttp(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.InvalidArgument,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.NotFound,
        HttpStatusCode.Conflict => StatusCode.Aborted,
        HttpStatusCode.PreconditionFailed => StatusCode.FailedPrecondition,
        HttpStatusCode.TooManyRequests => StatusCode.ResourceExhausted,
        HttpStatusCode.NotImplemented => StatusCode.Unimplemented,
        HttpStatusCode.ServiceUnavailable => StatusCode.Unavailable,
        HttpStatusCode.GatewayTimeout => StatusCode.DeadlineExceeded,
        _ => StatusCode.Internal,
    };
}
