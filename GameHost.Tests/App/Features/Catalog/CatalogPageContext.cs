using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using GameHost.App.Features.Catalog;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Settings;
using GameHost.Tests.Domain.Catalog;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Catalog;

/// <summary>
/// bUnit with MudBlazor's services, real resources, the catalog's validators, and the catalog's Domain use cases and
/// queries over a migrated SQLite database holding an administrator, a support agent and a game.
/// </summary>
public abstract class CatalogPageContext : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected CatalogPageContext()
    {
        UseCulture("en-US");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(Data.Contexts());
        // Resolved per render, so a test can set what the price-change preview answers before it renders.
        Services.AddScoped<GameHost.Domain.Catalog.IPriceChangeImpact>(_ => Data.Impact);
        Services.AddCatalog();
        GameHost.Domain.Provisioning.ProvisioningRegistration.AddProvisioning(Services);
        Services.AddCatalogValidators();
        Services.AddPanelCatalog();
        Auth = AddAuthorization();
    }

    protected CatalogTestData Data { get; } = new();

    protected BunitAuthorizationContext Auth { get; }

    protected void SignInAsAdmin() => SignIn(Data.AdminId, "olivia@gamehost.test", GameHost.Domain.Accounts.Roles.Admin);

    protected void SignIn(Guid userId, string email, params string[] roles)
    {
        Auth.SetAuthorized(email);
        Auth.SetRoles(roles);

        // After SetRoles: in this bUnit version setting roles rebuilds the identity without earlier custom claims.
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }

    protected static void UseCulture(string name) =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    /// <summary>Types into a MudBlazor field the way its binding listens (on input when immediate, else on change).</summary>

    protected static void Type(IElement element, string value)
    {
        var input = element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
        if (input.HasAttribute("blazor:oninput"))
        {
            input.Input(value);
        }

        if (input.HasAttribute("blazor:onchange"))
        {
            input.Change(value);
        }
    }

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

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable, and xUnit 2 disposes test classes synchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Data.Dispose();
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
    }

    protected sealed class ContainerFragment : ComponentBase
    {
        [Parameter]
        public RenderFragment? ChildContent { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
            builder.AddContent(0, ChildContent);
    }
}
