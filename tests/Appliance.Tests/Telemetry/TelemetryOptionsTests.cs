using System.ComponentModel.DataAnnotations;
using Appliance.Telemetry;

namespace Appliance.Tests.Telemetry;

public class TelemetryOptionsTests
{
    private static List<ValidationResult> Validate(TelemetryOptions o)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(o, new ValidationContext(o), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_AreValid_AndReadTheRealHost()
    {
        var o = new TelemetryOptions();
        Assert.Empty(Validate(o));
        Assert.Equal(("/proc", "/sys", 1.0, 5.0), (o.ProcRoot, o.SysRoot, o.SampleIntervalSeconds, o.FollowSeconds));
        Assert.Null(o.MetricsUrl);
    }

    [Fact]
    public void SampleIntervalOfZero_IsRejected() =>
        Assert.Contains(Validate(new TelemetryOptions { SampleIntervalSeconds = 0 }), r => r.MemberNames.Contains(nameof(TelemetryOptions.SampleIntervalSeconds)));

    [Fact]
    public void FollowIntervalOfZero_IsRejected() =>
        Assert.Contains(Validate(new TelemetryOptions { FollowSeconds = 0 }), r => r.MemberNames.Contains(nameof(TelemetryOptions.FollowSeconds)));
}
