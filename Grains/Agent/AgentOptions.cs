using System.ComponentModel.DataAnnotations;

namespace TodoGrains.Grains.Agent;

/// <summary>Which language model answers chat turns. No provider (the default): the offline interpreter.</summary>
public enum ModelProvider
{
    Offline = 0,
    OpenAI = 1,
    AzureOpenAI = 2,
    Ollama = 3,

    /// <summary>Any endpoint that speaks the OpenAI chat completions API (base URL + model + key).</summary>
    OpenAICompatible = 4,
}

public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    public ModelProvider Provider { get; set; } = ModelProvider.Offline;

    /// <summary>The model id (OpenAI, Ollama, compatible) or the deployment name (Azure OpenAI).</summary>
    public string? Model { get; set; }

    /// <summary>The endpoint: required for Azure OpenAI and compatible endpoints; Ollama defaults to http://localhost:11434/v1.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>From user secrets, the environment or the secret store (model-api-key); never in a committed file.</summary>
    public string? ApiKey { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>How many earlier messages of the conversation the model sees.</summary>
    [Range(0, 200)]
    public int HistoryMessages { get; set; } = 20;
}
