using GameHost.App.Features.Customers;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace GameHost.App.Features.Provisioning.Cabinet;

public partial class ServiceDetailsPage
{
    private readonly CancellationTokenSource _cancellation = new();
    private CustomerServiceDetails? _details;
    private string? _panelLink;
    private string? _newPassword;
    private bool _loading = true;
    private bool _busy;
    private Guid? _customerId;
    private PanelLocationNames _locations = PanelLocationNames.None;

    [Parameter]
    public Guid SubscriptionId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private CustomerServicesQuery Services { get; set; } = default!;

    [Inject]
    private PanelLocationNamesQuery LocationNames { get; set; } = default!;

    [Inject]
    private ResetPanelPassword ResetPanelPassword { get; set; } = default!;

    [Inject]
    private IPanelConnectionSource PanelConnection { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _customerId = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
        _newPassword = null;
        _loading = true;
        try
        {
            // Another customer's service answers "not found", the same as one that does not exist.
            _details = null;
            if (_customerId is { } customer)
            {
                var details = await Services.GetAsync(customer, SubscriptionId, _cancellation.Token);
                _details = details.IsSuccess ? details.Value : null;
            }

            _panelLink = await PanelLinkAsync();
            _locations = await LocationNames.ExecuteAsync(_cancellation.Token);
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>"Johannesburg" from the synced panel catalogue, else "Location 2".</summary>
    private string LocationName(int id) => _locations.Label(id, i => L["Location", i]);

    /// <summary>The customer's URL of the server on the panel; none while the panel's public address is unknown.</summary>
    private async Task<string?> PanelLinkAsync()
    {
        if (_details?.PanelIdentifier is not { } identifier)
        {
            return null;
        }

        var connection = await PanelConnection.GetAsync(_cancellation.Token);
        return connection is null ? null : $"{connection.PublicPanelUrl.ToString().TrimEnd('/')}/server/{Uri.EscapeDataString(identifier)}";
    }

    private async Task ResetPasswordAsync()
    {
        if (_busy || _customerId is null)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(L["ResetConfirmTitle"], L["ResetConfirm"], L["ResetDo"], cancelText: L["Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await ResetPanelPassword.ExecuteAsync(_customerId.Value, SubscriptionId, _cancellation.Token);
            if (result.IsSuccess)
            {
                _newPassword = result.Value.Password;
            }
            else
            {
                Snackbar.Add(ProvisioningDisplay.Error(L, result.Error), Severity.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
