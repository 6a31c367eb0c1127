using GameHost.Domain.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Dashboard;

/// <summary>
/// The dashboards read across features (customers, outbox, audit), so they live in a reading-only folder of their own
/// rather than inside Accounts, which must not depend on Notifications.
/// </summary>
public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddAudit();
        services.AddScoped<StaffDashboardQuery>();
        services.AddScoped<CustomerDashboardQuery>();
        return services;
    }
}
