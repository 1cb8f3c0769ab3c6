using System.ComponentModel.DataAnnotations;

namespace TodoGrains.Silo.Options;

/// <summary>Where the embedded shape keeps its SQLite database and generated keys.</summary>
public sealed class EmbeddedStorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// The data folder. Default: <c>TodoGrains</c> under the user's local application data
    /// (on Linux <c>~/.local/share/TodoGrains</c>). Only named here, never created: the options are validated in
    /// every shape, and a cluster pod's root file system is read-only; the embedded shape creates it on first use.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "TodoGrains");

    public string DatabasePath => Path.Combine(DataDirectory, "todo-grains.db");
}
