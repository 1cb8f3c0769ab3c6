using k8s.Models;

namespace TodoGrains.Deploy.Tests;

// Strimzi's custom resources (kafka.strimzi.io/v1, the only API Strimzi 1.x serves), typed with the fields the chart
// uses: a misspelt or unknown field fails the strict load, as Strimzi's strict decoding would refuse it.

public sealed class StrimziKafka : CustomResource<StrimziKafkaSpec>;

public sealed class StrimziKafkaSpec
{
    public StrimziKafkaBrokers Kafka { get; set; } = new();

    public StrimziEntityOperator? EntityOperator { get; set; }
}

public sealed class StrimziKafkaBrokers
{
    public string? Version { get; set; }

    public string? MetadataVersion { get; set; }

    public List<StrimziListener> Listeners { get; set; } = [];

    public Dictionary<string, object> Config { get; set; } = [];
}

public sealed class StrimziListener
{
    public string Name { get; set; } = "";

    public int Port { get; set; }

    public string Type { get; set; } = "";

    public bool Tls { get; set; }

    public StrimziAuthentication? Authentication { get; set; }
}

public sealed class StrimziAuthentication
{
    public string Type { get; set; } = "";
}

public sealed class StrimziEntityOperator
{
    public StrimziOperatorSpec? TopicOperator { get; set; }

    public StrimziOperatorSpec? UserOperator { get; set; }
}

public sealed class StrimziOperatorSpec
{
    public V1ResourceRequirements? Resources { get; set; }
}

public sealed class StrimziNodePool : CustomResource<StrimziNodePoolSpec>;

public sealed class StrimziNodePoolSpec
{
    public int Replicas { get; set; }

    public List<string> Roles { get; set; } = [];

    public StrimziStorage Storage { get; set; } = new();

    public V1ResourceRequirements? Resources { get; set; }
}

public sealed class StrimziStorage
{
    public string Type { get; set; } = "";

    public List<StrimziVolume> Volumes { get; set; } = [];
}

public sealed class StrimziVolume
{
    public int Id { get; set; }

    public string Type { get; set; } = "";

    public string? Size { get; set; }

    public bool? DeleteClaim { get; set; }

    public string? KraftMetadata { get; set; }
}

public sealed class StrimziTopic : CustomResource<StrimziTopicSpec>;

public sealed class StrimziTopicSpec
{
    public string? TopicName { get; set; }

    public int Partitions { get; set; }

    public int Replicas { get; set; }

    public Dictionary<string, object> Config { get; set; } = [];
}

public sealed class StrimziUser : CustomResource<StrimziUserSpec>;

public sealed class StrimziUserSpec
{
    public StrimziAuthentication Authentication { get; set; } = new();
}
