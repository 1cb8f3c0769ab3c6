using Dapr.Client;
using Microsoft.Extensions.Configuration;
using TodoGrains.Contracts.Edge;

namespace TodoGrains.EdgeServices.Common.Hosting;

/// <summary>
/// Reads the product's secrets from the Dapr secret store (Kubernetes secrets in the cluster shape) into
/// configuration at start-up, when <c>Dapr:SecretStoreName</c> is set: the JWT signing key, the model key and
/// the PostgreSQL connection string. A value already in configuration wins.
/// </summary>
public static class DaprSecretsConfiguration
{
    /// <summary>Configuration key ← secret name.</summary>
    public static IReadOnlyDictionary<string, string> Secrets { get; } = new Dictionary<string, string>
    {
        ["Auth:SigningKey"] = "jwt-signing-key",
        ["Agent:ApiKey"] = "model-api-key",
        ["ConnectionStrings:Orleans"] = "postgres-connection",
    };

    public static IConfigurationManager AddDaprSecretStore(this IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var store = configuration[$"{EdgeOptions.SectionName}:{nameof(EdgeOptions.SecretStoreName)}"];
        if (string.IsNullOrWhiteSpace(store))
        {
            return configuration;
        }

        var values = new Dictionary<string, string?>();
        using var dapr = new DaprClientBuilder().Build();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            // The sidecar may start after the app; start-up waits for it rather than running without secrets.
            dapr.WaitForSidecarAsync(timeout.Token).GetAwaiter().GetResult();
        }

        foreach (var (key, secret) in Secrets)
        {
            if (!string.IsNullOrEmpty(configuration[key]))
            {
                continue;
            }

            try
            {
                var found = dapr.GetSecretAsync(store, secret).GetAwaiter().GetResult();
                if (found.TryGetValue(secret, out var value) && !string.IsNullOrEmpty(value))
                {
                    values[key] = value;
                }
            }
            catch (Dapr.DaprException)
            {
                // Not every deployment has every secret (no model key: the offline interpreter answers).
            }
        }

        configuration.AddInMemoryCollection(values);
        return configuration;
    }
}
