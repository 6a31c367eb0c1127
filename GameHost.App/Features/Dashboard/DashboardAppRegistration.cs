using GameHost.Domain.Dashboard;

namespace GameHost.App.Features.Dashboard;

public static class DashboardAppRegistration
{
    /// <summary>The staff dashboard at <c>/admin</c> and the customer dashboard at <c>/cabinet</c>.</summary>
    public static WebApplicationBuilder AddDashboardFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddDashboard();
        return builder;
    }
}
