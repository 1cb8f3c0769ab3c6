using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using ModelContextProtocol;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Silo.Mcp;

/// <summary>The person an MCP request acts for: the subject of its credential, and their task list and profile.</summary>
internal sealed record McpCaller(ITaskListGrain Tasks, UserProfile Profile, TimeProvider Time)
{
    public static async Task<McpCaller> OfAsync(ClaimsPrincipal? user, IServiceProvider services)
    {
        // The endpoint requires an authenticated caller, so a request without a subject never gets here.
        var userId = user?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? throw new McpException("The request carries no person.");
        var tasks = services.GetRequiredService<IGrainFactory>().GetGrain<ITaskListGrain>(userId);
        return new McpCaller(tasks, await tasks.GetProfileAsync(), services.GetRequiredService<TimeProvider>());
    }
}
