using System.ClientModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using TodoGrains.Hosting;

namespace TodoGrains.Grains.Agent;

public static class ModelProviders
{
    private static readonly Uri OllamaDefault = new("http://localhost:11434/v1");

    /// <summary>
    /// The configured language model (<c>Agent:Provider</c>), as Semantic Kernel's chat completion service; with no
    /// provider, nothing is registered and the offline interpreter answers. Missing settings fail at start-up.
    /// </summary>
    public static IServiceCollection AddTodoAgentModel(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetTodoOptions<AgentOptions>(AgentOptions.SectionName);
        if (options.Provider == ModelProvider.Offline)
        {
            return services;
        }

        var model = Required(options.Model, "Agent:Model");
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds) };
        IChatCompletionService service = options.Provider switch
        {
            ModelProvider.OpenAI => new OpenAIChatCompletionService(model, Required(options.ApiKey, "Agent:ApiKey"), httpClient: http),
            ModelProvider.AzureOpenAI => new AzureOpenAIChatCompletionService(
                model, Required(options.Endpoint?.ToString(), "Agent:Endpoint"), Required(options.ApiKey, "Agent:ApiKey"), httpClient: http),
            ModelProvider.Ollama => Compatible(model, options.Endpoint ?? OllamaDefault, options.ApiKey ?? "ollama", options.TimeoutSeconds),
            _ => Compatible(model, new Uri(Required(options.Endpoint?.ToString(), "Agent:Endpoint")), options.ApiKey ?? "none", options.TimeoutSeconds),
        };
        services.AddSingleton(service);
        return services;
    }

    // Any OpenAI-compatible endpoint: the OpenAI client pointed at its base URL (e.g. http://host:11434/v1).
    private static OpenAIChatCompletionService Compatible(string model, Uri endpoint, string apiKey, int timeoutSeconds) =>
        new(model, new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = TimeSpan.FromSeconds(timeoutSeconds) }));

    private static string Required(string? value, string setting) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"{setting} is required for the configured Agent:Provider.") : value;
}
