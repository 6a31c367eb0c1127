namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>The demo panel's routes, the same in the app and in the standalone host.</summary>
public static class DemoPanelEndpoints
{
    /// <summary>Everything lives under this path, like a panel mounted in a sub-folder.</summary>
    public const string RootPath = "/demo-panel";

    public const string ApiPath = RootPath + "/api/application";

    public static IEndpointRouteBuilder MapDemoPanelRoutes(this IEndpointRouteBuilder routes, DemoPanel panel)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup(ApiPath)
            .AddEndpointFilter(new DemoPanelGate(panel, ApiPath))
            .AllowAnonymous()
            .DisableAntiforgery();
        DemoPanelUsersApi.Map(api, panel);
        DemoPanelServersApi.Map(api, panel);
        DemoPanelInfrastructureApi.Map(api, panel);
        api.Map("/{**rest}", (HttpRequest request) => DemoPanelOutcome.Error(new DemoPanelError(404, "NotFoundHttpException",
            $"The route {request.Path.Value?.TrimStart('/')} could not be found.")));

        routes.MapGet(RootPath + "/server/{identifier}", DemoPanelServerPage.Render).AllowAnonymous();
        return routes;
    }
}
