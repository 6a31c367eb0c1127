using Bunit;
using GameHost.App.Features.Catalog;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Settings;
using GameHost.Tests.Domain.Catalog;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace GameHost.Tests.App.Features.Catalog;

/// <summary>
/// bUnit with MudBlazor's services, real resources, the catalog's validators, and the catalog's Domain use cases and
/// queries over a migrated SQLite database holding an administrator, a support agent and a game.
/// </summary>
public abstract class CatalogPageContext : PageTestContext
{
    protected CatalogPageContext()
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(Data.Contexts());
        // Resolved per render, so a test can set what the price-change preview answers before it renders.
        Services.AddScoped<GameHost.Domain.Catalog.IPriceChangeImpact>(_ => Data.Impact);
        Services.AddCatalog();
        GameHost.Domain.Provisioning.ProvisioningRegistration.AddProvisioning(Services);
        Services.AddCatalogValidators();
        Services.AddPanelCatalog();
    }

    protected CatalogTestData Data { get; } = new();

    protected void SignInAsAdmin() => SignIn(Data.AdminId, "olivia@gamehost.test", GameHost.Domain.Accounts.Roles.Admin);

    /// <summary>The dialog, snackbar and popover hosts the layout normally provides.</summary>
    protected IRenderedComponent<ContainerFragment> RenderProviders() => Render<ContainerFragment>(p => p.AddChildContent(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
    }));

    protected override void DisposeData() => Data.Dispose();

    protected sealed class ContainerFragment : ComponentBase
    {
        [Parameter]
        public RenderFragment? ChildContent { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
            builder.AddContent(0, ChildContent);
    }
}
