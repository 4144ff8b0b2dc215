using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class ResourceEstimateTests
{
    [Fact]
    public void For_ScalesPerRowCostsToTheRows()
    {
        var memory = new MemoryModel(200e6, 150e3);
        var perRow = PerRowCosts.FromTotals(rows: 5_000, cpuCoreSeconds: 100, tableBytesGrowth: 10_000_000, indexBytesGrowth: 2_500_000,
            downloadBytes: 400_000_000, promptTokens: 1_500_000, completionTokens: 600_000, memory);

        var estimate = ResourceEstimate.For(500_000, perRow, inFlight: 512 + 64, new TokenPrice(0.15, 0.60));

        Assert.Equal(10_000, estimate.CpuCoreSeconds, 6);
        Assert.Equal(10_000 / 3600.0, estimate.CpuCoreHours, 9);
        Assert.Equal(1_250_000_000, estimate.DatabaseBytes, 3);
        Assert.Equal(1_000_000_000, estimate.TableBytes, 3);
        Assert.Equal(40e9, estimate.DownloadBytes, 3);
        Assert.Equal(210e6, estimate.Tokens, 3);
        Assert.Equal(200e6 + 576 * 150e3, estimate.MemoryBytes, 3);
        // 150M prompt tokens at 0.15/M + 60M completion tokens at 0.60/M.
        Assert.Equal(22.5 + 36, estimate.Cost!.Value, 9);
    }

    [Fact]
    public void For_WithoutAPrice_HasNoCost()
    {
        var perRow = new PerRowCosts(0.02, 2000, 500, 80_000, 300, 120, new MemoryModel(1e8, 0));

        var estimate = ResourceEstimate.For(10, perRow, inFlight: 0);

        Assert.Null(estimate.Cost);
        Assert.Equal(1e8, estimate.MemoryBytes);
    }

    [Fact]
    public void MemoryModel_Fit_RecoversBasePlusPerItem()
    {
        var samples = Enumerable.Range(0, 50).Select(i => (InFlight: i * 10.0, Rss: 300e6 + i * 10 * 200e3 + (i % 3 - 1) * 1e5)).ToList();

        var model = MemoryModel.Fit(samples);

        Assert.Equal(300e6, model.BaseBytes, 300e6 * 0.001);
        Assert.Equal(200e3, model.BytesPerInFlight, 200e3 * 0.01);
    }

    [Fact]
    public void MemoryModel_Fit_ConstantInFlight_GivesOnlyABase()
    {
        var model = MemoryModel.Fit([(64, 100e6), (64, 110e6), (64, 90e6)]);

        Assert.Equal(100e6, model.BaseBytes, 3);
        Assert.Equal(0, model.BytesPerInFlight);
    }
}
