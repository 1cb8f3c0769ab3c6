using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;

namespace TodoGrains.EdgeServices.Audit;

/// <summary>Records every task event in the owner's audit trail, once per event.</summary>
public sealed class AuditHandler(AuditTrail trail) : IBatchTopicHandler
{
    public string Name => "audit";

    public string Topic => TodoTopics.TaskEvents;

    public async Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        await trail.AppendAsync(evt, cancellationToken);
        return HandlerResult.Success;
    }

    public async Task<HandlerResult> HandleBatchAsync(IReadOnlyList<TodoEvent> events, CancellationToken cancellationToken)
    {
        await trail.AppendManyAsync(events, cancellationToken);
        return HandlerResult.Success;
    }
}
