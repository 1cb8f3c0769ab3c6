namespace TodoGrains.Api.Tests;

/// <summary>One running embedded host shared by the API tests; every test signs up its own user.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    /// <summary>The user name that configuration makes an operator (the grain dashboard).</summary>
    public const string OperatorName = "ops-admin";

    public SiloProcess Silo { get; } = new(settings: new Dictionary<string, string> { ["Auth:Operators:0"] = OperatorName });

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Silo.StartAsync();
        Http = Silo.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Silo.DisposeAsync();
        try
        {
            Directory.Delete(Silo.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public Task<ApiClient> NewUserAsync(string? timeZone = "UTC") => ApiClient.RegisterAsync(Http, timeZone);
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
