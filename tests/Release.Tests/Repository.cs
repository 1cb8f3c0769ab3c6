namespace TodoGrains.Release.Tests;

/// <summary>The repository the tests run from, and the helm that <c>.ci/deploy-tools.sh</c> installs.</summary>
internal static class Repository
{
    public static string Root => RepositoryFolder.Root;

    public static string Chart => Path.Combine(Root, "helm", "todo-grains");

    public static string Helm
    {
        get
        {
            var helm = Path.Combine(Root, ".ci", ".tools", "helm");
            return File.Exists(helm) ? helm : throw new FileNotFoundException($"{helm} is missing: run 'bash .ci/deploy-tools.sh' (bash .ci/test does).", helm);
        }
    }
}
