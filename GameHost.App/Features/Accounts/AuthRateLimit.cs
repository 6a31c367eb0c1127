using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace GameHost.App.Features.Accounts;

/// <summary>
/// Per-IP limit on the form posts of the sign-in, sign-up and recovery pages, against password guessing and
/// mail-bombing. Pages opt in with <c>[EnableRateLimiting(AuthRateLimit.Policy)]</c>; only POSTs count, so reading
/// a page (or re-rendering it after a validation error) is never refused.
/// </summary>
public static class AuthRateLimit
{
    public const string Policy = "auth";

    public static IServiceCollection AddAuthRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permitsPerMinute = configuration.GetValue("Security:AuthRateLimit:PermitsPerMinute", 10);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permitsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                : RateLimitPartition.GetNoLimiter("reads"));
        });
        return services;
    }
}
