namespace TodoGrains.TestSupport;

/// <summary>The repository the tests were built from: the folder above them that holds TodoGrains.sln.</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TodoGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("TodoGrains.sln not found above " + AppContext.BaseDirectory);
    }
}
