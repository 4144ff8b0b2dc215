using System.ComponentModel.DataAnnotations;
using Appliance.Lab;

namespace Appliance.Tests.Lab;

public class LabOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndMatchTheIssue()
    {
        var options = new LabOptions();

        options.ThrowIfInvalid();
        Assert.Equal(8089, options.Port);
        Assert.Equal(250, options.LatencyMedianMs);
        Assert.Equal(1500, options.LatencyP95Ms);
        Assert.Equal(0.03, options.NotFoundRate);
        Assert.Equal(0.13, options.FaultRates().Sum(f => f.Rate), 9);
    }

    [Fact]
    public void FaultRatesAddingUpPastOne_AreInvalid()
    {
        var options = new LabOptions { NotFoundRate = 0.9, ServerErrorRate = 0.2 };

        var error = Assert.Throws<ValidationException>(options.ThrowIfInvalid);
        Assert.Contains("more than 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void P95BelowMedian_IsInvalid()
    {
        Assert.Throws<ValidationException>(new LabOptions { LatencyMedianMs = 500, LatencyP95Ms = 100 }.ThrowIfInvalid);
    }
}
