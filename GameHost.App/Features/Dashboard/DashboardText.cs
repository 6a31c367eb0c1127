namespace GameHost.App.Features.Dashboard;

/// <summary>Marker for the dashboards' strings (DashboardText.resx, DashboardText.es.resx).</summary>
public sealed class DashboardText;
