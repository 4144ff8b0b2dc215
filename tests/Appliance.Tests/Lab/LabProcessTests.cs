using Appliance.Lab;

namespace Appliance.Tests.Lab;

public class LabProcessTests
{
    [Fact]
    public async Task TheChildsCaFile_IsGone_OnceTheChildIsStopped()
    {
        string ca;
        await using (var lab = await LabProcess.StartAsync([], CancellationToken.None))
        {
            ca = lab.CaCertificateFile;
            Assert.True(File.Exists(ca), $"{ca}: the child's CA file, which a scraper reads");
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(ca), StringComparison.Ordinal);
        }

        // The child is killed, so its own dispose never runs; the parent deletes the file the child left in the temp directory.
        Assert.False(File.Exists(ca), $"{ca} was left behind");
    }
}
