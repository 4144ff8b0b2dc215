using System.Diagnostics;
using Appliance.Benchmarks;

namespace Appliance.Tests.Benchmarks;

/// <summary>The sampler on real processes: a parent that spins, and its child started as <c>… lab serve</c> that spins too.</summary>
public class ProcessCpuSamplerTests
{
    [Fact]
    public async Task Sampler_SplitsTheParentsCpuFromItsLabChilds_AndStopsWhenTheParentExits()
    {
        // Each shell spins until its 3 s are up: CPU for both, however loaded the machine.
        const string spin = "end=$((SECONDS+3)); while [ $SECONDS -lt $end ]; do :; done";
        var start = new ProcessStartInfo("bash") { ArgumentList = { "-c", $"bash -c '{spin}' lab serve & {spin}; wait" } };
        using var parent = Process.Start(start)!;
        var sampler = ProcessCpuSampler.Start(parent.Id, postmasterPid: null);
        await parent.WaitForExitAsync();

        var readings = await sampler.StopAsync();
        await sampler.DisposeAsync();

        Assert.NotEmpty(readings);
        Assert.True(readings.Sum(r => r.Appliance) > 0, "the parent's own CPU");
        Assert.True(readings.Sum(r => r.Lab) > 0, "the lab child's CPU, found by its arguments");
        Assert.Equal(0, readings.Sum(r => r.Postgres));
        Assert.True(readings.Max(r => r.LabRss) > 0);
        Assert.All(readings, r => Assert.Equal(r.HostBusy, r.Appliance + r.Lab + r.Postgres + r.Other, 9));
    }

    [Fact]
    public void PostmasterPid_IsTheFirstLineOfPostmasterPid_OrNullWithoutOne()
    {
        var dir = Directory.CreateTempSubdirectory("sampler-pg-");
        try
        {
            Assert.Null(ProcessCpuSampler.PostmasterPid(dir.FullName));
            File.WriteAllText(Path.Combine(dir.FullName, "postmaster.pid"), "4242\n/var/lib/data\n1733570000\n5432\n");
            Assert.Equal(4242, ProcessCpuSampler.PostmasterPid(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
