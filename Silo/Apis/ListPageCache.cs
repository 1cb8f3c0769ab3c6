using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace TodoGrains.Silo.Apis;

/// <summary>
/// The last serialised list pages this host answered, by person and query string, with their entity tags: a list
/// asked again while it is unchanged (the grain says the tag still holds) is answered with the same bytes instead of
/// a fresh serialisation of up to 500 tasks, the largest cost of a list (docs/performance.md). Bounded by bytes, not
/// by people, and kept in the API host rather than in the grain, so a person's memory in the silo does not grow by a
/// page (docs/decisions.md). Each host has its own; a miss costs only the serialisation it saves.
/// </summary>
public sealed class ListPageCache(IOptions<JsonOptions> json) : IDisposable
{
    /// <summary>At most this many bytes of pages (a 50-task page is about 18 KB).</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    public sealed record Page(string Tag, byte[] Body);

    public Page? Find(string userId, string query) => _pages.Get<Page>((userId, query));

    /// <summary>Serialises <paramref name="response"/> once, keeps it under its tag, and returns the bytes.</summary>
    public byte[] Keep(string userId, string query, string tag, TaskListResponse response)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(response, json.Value.SerializerOptions);
        _pages.Set((userId, query), new Page(tag, body), new MemoryCacheEntryOptions
        {
            Size = body.Length + 64,
            SlidingExpiration = TimeSpan.FromMinutes(10),
        });
        return body;
    }

    public void Dispose() => _pages.Dispose();
}
