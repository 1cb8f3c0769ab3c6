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

    /// <summary>
    /// Creates the data folder if it is missing, readable by its owner only: it holds the password hashes and the
    /// signing key. A folder that already exists keeps its permissions (it may be one the operator chose).
    /// </summary>
    public string EnsureDataDirectory()
    {
        var folder = Path.GetFullPath(DataDirectory);
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return folder;
    }

    /// <summary>Creates an empty file readable and writable by its owner only, unless it exists (SQLite's journal files take its mode).</summary>
    public static void CreateOwnerOnlyFile(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }
}
