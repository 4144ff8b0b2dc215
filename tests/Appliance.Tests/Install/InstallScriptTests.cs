using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Appliance.Tests.Support;

namespace Appliance.Tests.Install;

/// <summary>
/// install.sh into a temporary prefix (no system changes), run twice, then the installed binary started with the
/// configuration it wrote; and the unit files checked by systemd's own tools.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class InstallScriptTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly string Repo = FindRepo();

    [Fact]
    public async Task PrefixInstall_IsIdempotent_AndTheInstalledBinaryServesWithTheGeneratedKey()
    {
        using var prefix = new TempDirectory();
        var build = Path.Combine(Repo, "appliance", "bin", "Release", "net10.0");

        var first = await RunAsync("bash", Path.Combine(Repo, "install.sh"), "--prefix", prefix.Path, "--no-systemd", "--published", build);
        Assert.True(first.Exit == 0, first.Output);
        var key = KeyLine().Match(first.Output).Groups[1].Value;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        var config = Path.Combine(prefix.Path, "etc", "appliance", "appliance.json");
        var written = await File.ReadAllTextAsync(config);
        Assert.DoesNotContain(key, written); // only the hash is stored
        foreach (var unit in new[] { "appliance.service", "appliance-report.service", "appliance-report.timer" })
        {
            Assert.True(File.Exists(Path.Combine(prefix.Path, "etc", "systemd", "system", unit)), unit);
        }

        var second = await RunAsync("bash", Path.Combine(Repo, "install.sh"), "--prefix", prefix.Path, "--no-systemd", "--published", build);
        Assert.True(second.Exit == 0, second.Output);
        Assert.Contains("kept", second.Output);
        Assert.DoesNotContain("API key (shown once", second.Output);
        Assert.Equal(written, await File.ReadAllTextAsync(config));

        // The installed binary, with the installed configuration (the test database instead of the distro's).
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        await using (var serve = ServeProcess.Start(new Dictionary<string, string>
        {
            ["APPLIANCE_CONFIG"] = config,
            ["APPLIANCE_ConnectionStrings__Postgres"] = db.ConnectionString,
            ["APPLIANCE_StateDirectory"] = Path.Combine(prefix.Path, "var", "lib", "appliance"),
            ["DOTNET_ROOT"] = dotnetRoot,
        }, executable: Path.Combine(prefix.Path, "opt", "appliance", "appliance")))
        {
            await serve.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.Unauthorized, (await serve.Client.GetAsync("/api/uploads/1")).StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/uploads/999999") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
            Assert.Equal(HttpStatusCode.NotFound, (await serve.Client.SendAsync(request)).StatusCode);
        }

        var uninstall = await RunAsync("bash", Path.Combine(Repo, "install.sh"), "--prefix", prefix.Path, "--no-systemd", "--uninstall");
        Assert.True(uninstall.Exit == 0, uninstall.Output);
        Assert.False(Directory.Exists(Path.Combine(prefix.Path, "opt", "appliance")));
        Assert.False(File.Exists(Path.Combine(prefix.Path, "etc", "systemd", "system", "appliance.service")));
        Assert.True(File.Exists(config), "data and configuration are kept without --purge");

        var purge = await RunAsync("bash", Path.Combine(Repo, "install.sh"), "--prefix", prefix.Path, "--no-systemd", "--uninstall", "--purge");
        Assert.True(purge.Exit == 0, purge.Output);
        Assert.False(File.Exists(config));
    }

    [Fact]
    public async Task InstallScript_IsShellcheckClean()
    {
        var result = await RunAsync("shellcheck", Path.Combine(Repo, "install.sh"));

        Assert.True(result.Exit == 0, result.Output);
    }

    [Fact]
    public async Task Units_PassSystemdAnalyzeVerify_AndStayUnderTheirExposureThresholds()
    {
        // verify checks that ExecStart= is executable: point the units at a stand-in for /opt/appliance/appliance.
        using var dir = new TempDirectory();
        var binary = dir.Write("appliance", "#!/bin/sh\n");
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var units = new[] { "appliance.service", "appliance-report.service", "appliance-report.timer" }.Select(u =>
            dir.Write(u, File.ReadAllText(Path.Combine(Repo, "systemd", u)).Replace("/opt/appliance/appliance", binary, StringComparison.Ordinal))).ToArray();

        var verify = await RunAsync("systemd-analyze", ["verify", "--man=no", .. units]);
        Assert.True(verify.Exit == 0 && verify.Output.Trim().Length == 0, verify.Output);

        // --threshold is in tenths of the exposure level: the daemon at most 1.2, the offline report unit at most 0.5.
        foreach (var (service, threshold) in new[] { (units[0], 12), (units[1], 5) })
        {
            var security = await RunAsync("systemd-analyze", "security", "--offline=true", $"--threshold={threshold}", "--no-pager", service);
            Assert.True(security.Exit == 0, security.Output);
            Assert.Matches(ExposureLine(), security.Output);
        }
    }

    [Fact]
    public void Units_KeepWhatTheyCreateToTheirOwner_AndBoundTheirResources()
    {
        foreach (var unit in new[] { "appliance.service", "appliance-report.service" })
        {
            var text = File.ReadAllText(Path.Combine(Repo, "systemd", unit));
            foreach (var line in new[] { "UMask=0077", "PrivateMounts=yes", "StateDirectoryMode=0750" })
            {
                Assert.Contains("\n" + line + "\n", text);
            }

            Assert.Matches(@"\nMemoryMax=\d+G\n", text);
            Assert.Matches(@"\nTasksMax=\d+\n", text);
        }

        Assert.Contains("\nPrivateNetwork=yes\n", File.ReadAllText(Path.Combine(Repo, "systemd", "appliance-report.service")));
    }

    [Fact]
    public void DaemonUnit_CapsGlibcMallocArenas_InTheEnvironment_BeforeTheProcessStarts()
    {
        // The appliance's own mallopt at start-up cannot cap the arenas the runtime made before Main (MallocArenas).
        var text = File.ReadAllText(Path.Combine(Repo, "systemd", "appliance.service"));

        Assert.Contains("\nEnvironment=MALLOC_ARENA_MAX=2\n", text);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Appliance.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Appliance.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"API key \(shown once; only its hash is stored\): (\S+)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"Overall exposure level for \S+: ([0-9.]+)")]
    private static partial Regex ExposureLine();
}
