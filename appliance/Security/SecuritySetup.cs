using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Appliance.Security;

/// <summary>API keys on every endpoint but <c>/healthz</c> and <c>/metrics</c>; a per-client rate limit on uploads.</summary>
public static class SecuritySetup
{
    public const string UploadPolicy = "uploads";

    public static IServiceCollection AddSecurity(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddHostedService<OpenModeGuard>();
        services.AddTlsCertificate();

        // Hangfire's dashboard checks an antiforgery token on its POSTs once IAntiforgery is registered.
        services.AddAntiforgery();
        // Reading the options runs the validator, which has refused any malformed hash already.
        services.AddSingleton(sp => new ApiKeys(sp.GetRequiredService<IOptions<ApiOptions>>().Value.KeyHashes
            .Select(h => ApiKeys.TryParseHash(h, out var hash) ? hash : []).Where(h => h.Length > 0)));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, _) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after))
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            o.AddPolicy(UploadPolicy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.UploadsPerMinute;
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "";
                return perMinute == 0
                    ? RateLimitPartition.GetNoLimiter(client)
                    : RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
            });
        });
        return services;
    }

    /// <summary>First in the pipeline: the listener, Host and cross-site checks, then the key; nothing after them runs for a request without one.</summary>
    public static WebApplication UseApiKeys(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeys>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecuritySetup));
        if (keys.Open)
        {
            logger.LogWarning("No API key configured ({Key}): the API is open to every local user; it listens on loopback only", $"{ApiOptions.Section}:KeyHashes");
        }
        else
        {
            logger.LogInformation("API keys: {Count} accepted; /healthz and /metrics are open", keys.Count);
        }

        app.UseMiddleware<RequestGuardMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        return app;
    }
}
