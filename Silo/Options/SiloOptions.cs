using System.ComponentModel.DataAnnotations;

namespace TodoGrains.Silo.Options;

/// <summary>Orleans endpoints and identity of this silo.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    [Required]
    public string ClusterId { get; set; } = "todo-grains";

    [Required]
    public string ServiceId { get; set; } = "todo-grains";
}
