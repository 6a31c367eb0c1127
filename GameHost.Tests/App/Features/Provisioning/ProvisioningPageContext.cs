using Bunit;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace GameHost.Tests.App.Features.Provisioning;

/// <summary>
/// bUnit with MudBlazor's services, real resources and a signed-in user; the derived class registers the store, the
/// clock and the Domain classes its pages use.
/// </summary>
public abstract class ProvisioningPageContext : PageTestContext
{
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
