using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class HostSpeedSpreadTests
{
    [Theory]
    [InlineData("43,15", 0.43, 0.15)]
    [InlineData("10", 0.10, 0.10)]
    [InlineData("0", 0, 0)]
    [InlineData(" 7.5 , 2 ", 0.075, 0.02)]
    public void Parse_TakesPercentSlowerThenFaster_OneFigureForBoth(string text, double slower, double faster)
    {
        var spread = HostSpeedSpread.Parse(text);

        Assert.Equal(slower, spread.Slower, 9);
        Assert.Equal(faster, spread.Faster, 9);
        Assert.Contains("as given", spread.Basis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "'abc' is not a percentage")]
    [InlineData("10,-1", "'-1' is not a percentage")]
    [InlineData("10,100", "below 100 %")]
    [InlineData("1,2,3", "is not SLOWER[,FASTER]")]
    [InlineData("NaN", "is not a percentage")]
    public void Parse_SaysWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => HostSpeedSpread.Parse(text));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
