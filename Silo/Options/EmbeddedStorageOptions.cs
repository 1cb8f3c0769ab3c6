using System.ComponentModel.DataAnnotations;

namespace TodoGrains.Silo.Options;

/// <summary>Where the embedded shape keeps its SQLite database and generated keys.</summary>
public sealed class EmbeddedStorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// The data folder. Default: <c>TodoGrains</c> under the user's local application data
    /// (on Linux <c>~/.local/share/TodoGrains</c>).
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "TodoGrains");

    public string DatabasePath => Path.Combine(DataDirectory, "todo-grains.db");
}
