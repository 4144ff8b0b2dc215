namespace Appliance.Tests.Web;

/// <summary>
/// Where tests leave files for a person to open: TestResults/ at the repository root (scripts/test.sh's results
/// folder), or the test's bin folder when run outside the repository.
/// </summary>
public static class TestOutput
{
    public static string Folder(string name)
    {
        var root = FindRepositoryRoot() is { } repo ? Path.Combine(repo, "TestResults") : AppContext.BaseDirectory;
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Appliance.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
