using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Audit;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Notification;
using TodoGrains.EdgeServices.Recurring;
using TodoGrains.EdgeServices.Sync;
using YamlDotNet.RepresentationModel;

namespace TodoGrains.Events.Tests;

/// <summary>The component names, types and scopes in dapr/ agree with what the code reads.</summary>
public sealed class DaprYamlTests
{
    public static TheoryData<string> Flavours => new() { "self-hosted", "kubernetes" };

    [Theory]
    [MemberData(nameof(Flavours))]
    public void Components_HaveTheNamesAndKindsTheServicesRead(string flavour)
    {
        var components = Components(flavour);
        var edge = new EdgeOptions();
        var digest = new NotificationOptions().DigestBinding;

        Assert.Equal(new[] { edge.PubSubName, edge.StateStoreName, "secretstore", digest }.Order(), components.Keys.Order());
        Assert.StartsWith("pubsub.", Type(components[edge.PubSubName]), StringComparison.Ordinal);
        Assert.StartsWith("state.", Type(components[edge.StateStoreName]), StringComparison.Ordinal);
        Assert.StartsWith("secretstores.", Type(components["secretstore"]), StringComparison.Ordinal);
        Assert.Equal("bindings.cron", Type(components[digest]));
        Assert.Equal("input", Metadata(components[digest])["direction"]);
        Assert.All(components.Values, c => Assert.Equal("v1", Scalar(c, "spec", "version")));
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public void PubSubScopes_GiveEachServiceExactlyTheTopicsItsHandlersRead(string flavour)
    {
        var edge = new EdgeOptions();
        var pubsub = Components(flavour)[edge.PubSubName];
        var subscriptions = Scopes(Metadata(pubsub)["subscriptionScopes"]);
        var publishing = Scopes(Metadata(pubsub)["publishingScopes"]);

        // Each service reads its handler's topic and that subscription's dead-letter topic, which its sidecar
        // alone publishes to.
        foreach (var (app, handler) in new (string, ITopicHandler)[]
        {
            ("recurring", new RecurringHandler(null!)), (edge.AuditAppId, new AuditHandler(null!)),
            (edge.NotificationAppId, new NotificationHandler(null!)), (edge.SyncAppId, new SyncHandler(null!)),
        })
        {
            Assert.Equal([handler.Topic, TodoTopics.DeadLetters(handler.Name)], subscriptions[app]);
            Assert.Equal([TodoTopics.DeadLetters(handler.Name)], publishing[app]);
        }

        Assert.Empty(subscriptions[edge.SiloAppId]);
        Assert.Equal(TodoTopics.All.Order(), publishing[edge.SiloAppId].Order());
        var scoped = ((YamlSequenceNode)pubsub["scopes"]).Children.Select(c => ((YamlScalarNode)c).Value!).Order();
        Assert.Equal(subscriptions.Keys.Order(), scoped);
    }

    [Fact]
    public void KafkaPubSub_NamesItsBrokersAndAuthType()
    {
        var pubsub = Components("kubernetes")[new EdgeOptions().PubSubName];
        Assert.Equal("pubsub.kafka", Type(pubsub));
        var metadata = Metadata(pubsub);
        Assert.False(string.IsNullOrWhiteSpace(metadata["brokers"]));
        Assert.Contains(metadata["authType"], new[] { "none", "password", "mtls", "oidc", "awsiam" });
        Assert.False(metadata.ContainsKey("consumerGroup"), "consumerGroup would put every service in one group; the app id is the default consumer id");
    }

    [Fact]
    public void SelfHostedAndKubernetes_DeclareTheSameComponents()
    {
        Assert.Equal(Components("self-hosted").Keys.Order(), Components("kubernetes").Keys.Order());
    }

    private static Dictionary<string, YamlMappingNode> Components(string flavour)
    {
        var folder = Path.Combine(RepositoryRoot(), "dapr", flavour, "components");
        var result = new Dictionary<string, YamlMappingNode>();
        foreach (var file in Directory.GetFiles(folder, "*.yaml"))
        {
            var yaml = new YamlStream();
            using var reader = new StreamReader(file);
            yaml.Load(reader);
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            Assert.Equal("Component", ((YamlScalarNode)root["kind"]).Value);
            result.Add(Scalar(root, "metadata", "name"), root);
        }

        return result;
    }

    private static string Type(YamlMappingNode component) => Scalar(component, "spec", "type");

    private static Dictionary<string, string> Metadata(YamlMappingNode component) =>
        ((YamlSequenceNode)((YamlMappingNode)component["spec"])["metadata"]).Children.Cast<YamlMappingNode>()
            .Where(m => m.Children.ContainsKey("value"))
            .ToDictionary(m => ((YamlScalarNode)m["name"]).Value!, m => ((YamlScalarNode)m["value"]).Value!);

    private static string Scalar(YamlMappingNode node, string section, string key) => ((YamlScalarNode)((YamlMappingNode)node[section])[key]).Value!;

    // "chat-api=a,b;recurring=a" -> { chat-api: [a, b], recurring: [a] }
    private static Dictionary<string, string[]> Scopes(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('='))
            .ToDictionary(p => p[0], p => p[1].Split(',', StringSplitOptions.RemoveEmptyEntries));

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TodoGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("TodoGrains.sln not found");
    }
}
