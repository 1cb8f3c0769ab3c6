namespace TodoGrains.TestSupport;

/// <summary>
/// An xunit fixture holding one running embedded host (a real <see cref="SiloProcess"/>) and an HTTP client for it;
/// disposing it stops the process and deletes its data folder.
/// </summary>
public class SiloHost(IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    public SiloProcess Silo { get; } = new(settings: settings);

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Silo.StartAsync();
        Http = Silo.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await Silo.DisposeAsync();
        try
        {
            Directory.Delete(Silo.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        GC.SuppressFinalize(this);
    }

    public Task<ApiClient> NewUserAsync(string? timeZone = "UTC") => ApiClient.RegisterAsync(Http, timeZone);
}
