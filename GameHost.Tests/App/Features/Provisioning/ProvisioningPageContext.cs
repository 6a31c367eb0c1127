using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Panel;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Provisioning;

/// <summary>
/// bUnit with MudBlazor's services, real resources and a signed-in user; the derived class registers the store, the
/// clock and the Domain classes its pages use.
/// </summary>
public abstract class ProvisioningPageContext : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected ProvisioningPageContext()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Auth = AddAuthorization();
    }

    protected BunitAuthorizationContext Auth { get; }

    protected void SignIn(Guid userId, string email, params string[] roles)
    {
        Auth.SetAuthorized(email);
        Auth.SetRoles(roles);

        // After SetRoles: in this bUnit version setting roles rebuilds the identity without earlier custom claims.
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
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

    /// <summary>Answers the open message box with its confirming (last) button.</summary>
    protected static void Confirm(IRenderedComponent<ContainerFragment> providers)
    {
        providers.WaitForAssertion(() => providers.Find(".mud-message-box"));
        providers.FindAll(".mud-message-box button")[^1].Click();
    }

    protected virtual void DisposeData()
    {
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable, and xUnit 2 disposes test classes synchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        DisposeData();
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

/// <summary>The panel's public address as the settings would give it.</summary>
public sealed class FixedPanelConnection(string? publicUrl) : IPanelConnectionSource
{
    public Task<PanelConnection?> GetAsync(CancellationToken cancellationToken) => Task.FromResult(publicUrl is null
        ? null
        : new PanelConnection(new Uri(publicUrl + "/api/application"), "key", new Uri(publicUrl)));
}
