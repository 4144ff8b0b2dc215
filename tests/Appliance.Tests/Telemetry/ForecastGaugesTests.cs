using System.Diagnostics.Metrics;
using Appliance.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Tests.Telemetry;

/// <summary>The forecast Prometheus sees: each upload's seconds left by bound, counting down, and its expected end as a Unix time.</summary>
public sealed class ForecastGaugesTests
{
    [Fact]
    public void APublishedForecast_CountsDown_AndIsDroppedOnceThrough()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        using var meters = new TelemetryMeters();
        var gauges = new ForecastGauges(meters, time);

        gauges.Publish(7, expected: 600, low: 450, high: 900);
        time.Advance(TimeSpan.FromSeconds(100));
        var read = Read(meters);

        Assert.Equal(500, read[("appliance_eta_seconds", "expected")]);
        Assert.Equal(350, read[("appliance_eta_seconds", "low")]);
        Assert.Equal(800, read[("appliance_eta_seconds", "high")]);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 10, 0, TimeSpan.Zero).ToUnixTimeSeconds(), read[("appliance_eta_completion_timestamp_seconds", "")]);

        gauges.Retain(new HashSet<long>());
        Assert.Empty(Read(meters));
    }

    private static Dictionary<(string Name, string Bound), double> Read(TelemetryMeters meters)
    {
        var values = new Dictionary<(string, string), double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meters.Pipeline && instrument.Name.StartsWith("appliance_eta", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var bound = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "bound")
                {
                    bound = (string)tag.Value!;
                }
            }

            values[(instrument.Name, bound)] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
