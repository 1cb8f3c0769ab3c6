using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TodoGrains.Silo.Migrations;

namespace TodoGrains.Cluster.Tests;

/// <summary>
/// The MCP server is stateless: two silos in the cluster shape, sharing PostgreSQL, answer one MCP client's
/// requests alternately (as a load balancer without affinity would send them), with a token made on the first.
/// </summary>
public sealed class McpClusterTests : IAsyncLifetime
{
    private readonly List<SiloProcess> _silos = [];
    private string _database = "";

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        await new PostgresMigrator(_database, NullLogger.Instance).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await PostgresServer.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task TwoSilos_AnswerOneClientAlternately()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = ClusterSettings.For(_database, "mcp");
        using var certificates = new ClusterCertificates(Path.Combine(Path.GetTempPath(), "todo-grains-tests", Guid.NewGuid().ToString("N")));
        for (var i = 0; i < 2; i++)
        {
            var silo = new SiloProcess(settings: new Dictionary<string, string>(settings.Concat(certificates.SettingsFor($"silo-{i}"))));
            _silos.Add(silo);
            await silo.StartAsync();
        }

        using var first = _silos[0].CreateClient();
        var person = await ApiClient.RegisterAsync(first);
        var token = await person.CreateTokenAsync("cluster");

        var alternating = new AlternatingHandler(_silos.Select(s => s.BaseAddress).ToArray());
        using var http = new HttpClient(alternating);
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Endpoint = new Uri(_silos[0].BaseAddress, "mcp"),
                    TransportMode = HttpTransportMode.StreamableHttp,
                    AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
                },
                http),
            cancellationToken: ct);

        for (var i = 0; i < 4; i++)
        {
            var added = await client.CallToolAsync("add_task", new Dictionary<string, object?> { ["title"] = $"Task {i}" }, cancellationToken: ct);
            Assert.False(added.IsError == true, ((TextContentBlock)added.Content[0]).Text);
        }

        var listed = await client.CallToolAsync("list_tasks", new Dictionary<string, object?>(), cancellationToken: ct);
        Assert.Equal(4, JsonNode.Parse(((TextContentBlock)listed.Content[0]).Text)!["total"]!.GetValue<int>());
        Assert.All(alternating.Served, count => Assert.True(count >= 2, $"Requests per silo: {string.Join(", ", alternating.Served)}"));
    }

    /// <summary>Sends each request to the next silo in turn.</summary>
    private sealed class AlternatingHandler(Uri[] silos) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _next;

        public int[] Served { get; } = new int[silos.Length];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _next) % silos.Length;
            Interlocked.Increment(ref Served[index]);
            request.RequestUri = new Uri(silos[index], request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
