using Hangfire.Dashboard;

namespace Appliance.Security;

/// <summary>
/// Lets into <c>/hangfire</c> exactly the requests <see cref="ApiKeyMiddleware"/> passed. Replaces Hangfire's default
/// (local requests only), which would refuse a remote operator who does hold a key.
/// </summary>
public sealed class DashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().Items.ContainsKey(ApiKeyMiddleware.Passed);
}
