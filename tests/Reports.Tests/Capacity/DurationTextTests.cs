using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class DurationTextTests
{
    [Theory]
    [InlineData(0.25, "0.3 s")]
    [InlineData(42, "42 s")]
    [InlineData(425, "7 min 5 s")]
    [InlineData(1500, "25 min")]
    [InlineData(3 * 3600 + 12 * 60, "3 h 12 min")]
    [InlineData(7200, "2 h")]
    [InlineData(1.4 * 86_400, "1.4 days")]
    [InlineData(11 * 86_400, "11.0 days")]
    [InlineData(-90, "-1 min 30 s")]
    [InlineData(double.PositiveInfinity, "unknown")]
    [InlineData(double.NaN, "unknown")]
    public void Format_ReadsLikeAPerson(double seconds, string expected)
    {
        Assert.Equal(expected, DurationText.Format(seconds));
    }
}
