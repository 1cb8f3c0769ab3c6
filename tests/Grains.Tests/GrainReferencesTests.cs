using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Accounts;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tests;

/// <summary>A reference made with the interface's types resolved once is the one <c>GetGrain</c> makes, for each interface.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AReference_NamesTheSameGrain_AsGetGrain_AndReachesIt()
    {
        var key = "u_" + Guid.NewGuid().ToString("N");
        var tasks = GrainReferences.Of<ITaskListGrain>(fixture.Grains, key);
        var tokens = GrainReferences.Of<IAccessTokenGrain>(fixture.Grains, key);

        Assert.Equal(fixture.Grains.GetGrain<ITaskListGrain>(key).GetGrainId(), tasks.GetGrainId());
        Assert.Equal(fixture.Grains.GetGrain<IAccessTokenGrain>(key).GetGrainId(), tokens.GetGrainId());
        Assert.Equal(fixture.Grains.GetGrain<ITaskListGrain>(key), tasks);
        Assert.NotEqual(tasks.GetGrainId(), GrainReferences.Of<ITaskListGrain>(fixture.Grains, key + "x").GetGrainId());

        var added = await tasks.AddAsync(new TaskDraft { Title = "Through the cached types" });
        Assert.Equal("Through the cached types", (await fixture.Grains.GetGrain<ITaskListGrain>(key).GetAsync(added.Id))?.Title);
    }
}
