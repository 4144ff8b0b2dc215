using System.Diagnostics;

namespace Appliance.Reports.Tests.Support;

/// <summary>
/// Debian's poppler-utils (pdftoppm, pdfimages), an independent reader of our PDFs. scripts/test.sh installs it;
/// a test that needs it fails with the install command when it is missing.
/// </summary>
public static class Poppler
{
    public static string Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{tool} not found: apt-get install -y poppler-utils (scripts/test.sh does this)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{tool} exited {process.ExitCode}: {stderr}");
            return stdout.Result;
        }
    }

    /// <summary>Renders every page to PNG (<paramref name="prefix"/>-1.png, -2.png, …) and returns the files.</summary>
    public static IReadOnlyList<string> RenderPages(string pdfPath, string folder, string prefix, int dpi = 80)
    {
        foreach (var old in Directory.GetFiles(folder, prefix + "-*.png"))
            File.Delete(old);
        Run("pdftoppm", "-png", "-r", dpi.ToString(), pdfPath, Path.Combine(folder, prefix));
        return Directory.GetFiles(folder, prefix + "-*.png").Order().ToList();
    }
}
