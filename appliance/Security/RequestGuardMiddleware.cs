using Appliance.Telemetry;
using Microsoft.Extensions.Options;

namespace Appliance.Security;

/// <summary>
/// Checks that come before the API key, for every request:
/// the metrics listener (<c>Telemetry:MetricsUrl</c>) answers <c>/metrics</c> and nothing else;
/// with no key configured (open mode) only a connection to a loopback address with a localhost <c>Host</c> is served,
/// so neither another interface nor a DNS-rebinding page reaches the open API;
/// in every mode a cross-site browser request that changes something is refused (CSRF);
/// and no page of the appliance may be framed by another site (clickjacking the dashboard).
/// </summary>
public sealed class RequestGuardMiddleware(RequestDelegate next, ApiKeys keys, IOptions<TelemetryOptions> telemetry)
{
    private readonly int _metricsPort = string.IsNullOrWhiteSpace(telemetry.Value.MetricsUrl) ? -1 : new Uri(telemetry.Value.MetricsUrl).Port;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        context.Response.Headers.XFrameOptions = "DENY";
        if (request.Path.StartsWithSegments("/hangfire"))
        {
            // Hangfire's pages carry inline scripts, so only the framing part of a policy is sent there.
            context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        }

        if (context.Connection.LocalPort == _metricsPort && !request.Path.Equals(MetricsEndpoint.Path))
        {
            return Refuse(context, StatusCodes.Status404NotFound, "the metrics listener serves /metrics only");
        }

        if (keys.Open)
        {
            if (context.Connection.LocalIpAddress is { } local && !LocalAddresses.IsLoopback(local))
            {
                return Refuse(context, StatusCodes.Status403Forbidden, "no API key is configured, so the API answers on loopback only");
            }

            if (!LocalAddresses.IsLocalHostHeader(request.Host.Value))
            {
                return Refuse(context, StatusCodes.Status421MisdirectedRequest, "no API key is configured, so the API answers only to Host: localhost or a loopback address");
            }
        }

        if (CrossSiteCheck.IsRefused(request.Method, request.Headers["Sec-Fetch-Site"], request.Headers.Origin, request.Host.Value ?? ""))
        {
            return Refuse(context, StatusCodes.Status403Forbidden, "a cross-site request may not change anything");
        }

        return next(context);
    }

    private static Task Refuse(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error });
    }
}
