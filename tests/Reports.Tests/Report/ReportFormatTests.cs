using Appliance.Reports.Report;

namespace Appliance.Reports.Tests.Report;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(4.25, "4.3 s")]
    [InlineData(double.NaN, "—")]
    [InlineData(42, "42 s")]
    [InlineData(250, "4 min 10 s")]
    [InlineData(8_123, "2 h 15 min")]
    [InlineData(3_600, "1 h")]
    [InlineData(190_000, "2.2 days")]
    public void Duration_ReadsLikeAPersonWouldWriteIt(double seconds, string expected) =>
        Assert.Equal(expected, ReportFormat.Duration(seconds));

    [Theory]
    [InlineData(0.182, "182 ms")]
    [InlineData(0.0042, "4.2 ms")]
    [InlineData(2.31, "2.31 s")]
    [InlineData(12.5, "12.5 s")]
    public void Latency_UsesMillisecondsBelowOneSecond(double seconds, string expected) =>
        Assert.Equal(expected, ReportFormat.Latency(seconds));

    [Theory]
    [InlineData(4_012.5, "4,013")]
    [InlineData(56.78, "56.8")]
    [InlineData(1.125, "1.13")]
    [InlineData(0.00042, "0.00042")]
    [InlineData(0.0009989, "0.000999")]
    [InlineData(0.123456, "0.123")]
    [InlineData(0, "0")]
    public void Number_ThreeSignificantFigures_HalvesAwayFromZero_NeverScientific(double value, string expected) =>
        Assert.Equal(expected, ReportFormat.Number(value));

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(3_250_000, "3.10 MiB")]
    [InlineData(49_150_000_000, "45.8 GiB")]
    public void Bytes_UseBinaryUnits(double value, string expected) =>
        Assert.Equal(expected, ReportFormat.Bytes(value));

    [Fact]
    public void MissingValues_AreADash()
    {
        Assert.Equal("—", ReportFormat.Duration((double?)null));
        Assert.Equal("—", ReportFormat.Number(double.NaN));
        Assert.Equal("—", ReportFormat.Bytes(null));
        Assert.Equal("—", ReportFormat.RowsPerMinute(null));
    }
}
