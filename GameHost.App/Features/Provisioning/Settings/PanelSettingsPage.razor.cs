using FluentValidation;
using GameHost.App.Features.Customers;
using GameHost.App.Features.Customers.Admin;
using GameHost.App.Hosting;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Severity = MudBlazor.Severity;

namespace GameHost.App.Features.Provisioning.Settings;

/// <summary>
/// Settings → Panel: where the Pterodactyl panel is and its key, a connection test that says in words what is wrong,
/// "Sync now", and the synced catalogue read-only. One action runs at a time; buttons are disabled while it does.
/// </summary>
public partial class PanelSettingsPage : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Dictionary<string, string> _serverErrors = new(StringComparer.Ordinal);
    private PanelSettingsForm _model = new();
    private MudForm? _form;
    private Func<object, string, Task<IEnumerable<string>>> _validation = default!;
    private PanelSettingsView? _view;
    private PanelCatalogView _catalog = PanelCatalogView.Empty;
    private PanelTestResult? _testResult;
    private PanelSyncOutcome? _syncOutcome;
    private string? _saveError;
    private PanelAction? _action;

    private enum PanelAction
    {
        Save,
        Test,
        Sync,
    }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private PanelSettingsQuery Settings { get; set; } = default!;

    [Inject]
    private PanelCatalogQuery Catalog { get; set; } = default!;

    [Inject]
    private SavePanelSettings SaveSettings { get; set; } = default!;

    [Inject]
    private TestPanelConnection TestConnection { get; set; } = default!;

    [Inject]
    private SyncPanelCatalog SyncCatalog { get; set; } = default!;

    [Inject]
    private IValidator<PanelSettingsForm> Validator { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool Busy => _action is not null;

    private string KeyHelp => _view?.HasStoredKey == true ? L["ApiKeyKeepHelp"] : L["ApiKeyHelp"];

    protected override void OnInitialized() => _validation = MudFormValidation.For(Validator);

    protected override async Task OnInitializedAsync()
    {
        await ReloadAsync();
        _model = PanelSettingsForm.From(_view!);
    }

    private async Task ReloadAsync()
    {
        _view = await Settings.ExecuteAsync(_cancellation.Token);
        _catalog = await Catalog.ExecuteAsync(_cancellation.Token);
    }

    private bool HasServerError(string field) => _serverErrors.ContainsKey(field);

    private string? ServerError(string field) => _serverErrors.GetValueOrDefault(field);

    private async Task SaveAsync()
    {
        if (Busy || _form is null)
        {
            return;
        }

        _serverErrors.Clear();
        _saveError = null;
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        if (SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User) is not { } actor)
        {
            _saveError = PanelSettingsDisplay.Error(L, PanelSettingsErrors.ActorNotAdmin);
            return;
        }

        _action = PanelAction.Save;
        try
        {
            var result = await SaveSettings.ExecuteAsync(
                new SavePanelSettingsCommand(actor, _model.PanelUrl, _model.PublicPanelUrl, _model.ApiKey, _model.SyncIntervalMinutes, CorrelationId.New()),
                _cancellation.Token);
            if (!result.IsSuccess)
            {
                ShowError(result.Error);
                return;
            }

            // The key field never keeps the key once it is stored: only its masked hint is shown from now on.
            _model.ApiKey = "";
            _testResult = null;
            Snackbar.Add(result.Value.Changed ? L["Saved"] : L["NothingChanged"], Severity.Success);
            await ReloadAsync();
        }
        finally
        {
            _action = null;
        }
    }

    private void ShowError(Error error)
    {
        var text = PanelSettingsDisplay.Error(L, error);
        if (error.Field is { } field && typeof(PanelSettingsForm).GetProperty(field) is not null)
        {
            _serverErrors[field] = text;
        }
        else
        {
            _saveError = text;
        }
    }

    private async Task TestAsync()
    {
        if (Busy)
        {
            return;
        }

        _action = PanelAction.Test;
        try
        {
            _testResult = await TestConnection.ExecuteAsync(_cancellation.Token);
            _view = await Settings.ExecuteAsync(_cancellation.Token);
        }
        finally
        {
            _action = null;
        }
    }

    private async Task SyncAsync()
    {
        if (Busy)
        {
            return;
        }

        _action = PanelAction.Sync;
        try
        {
            _syncOutcome = await SyncCatalog.ExecuteAsync(_cancellation.Token);
            if (_syncOutcome.State == PanelSyncState.Synced)
            {
                Snackbar.Add(L["Synced", _syncOutcome.Locations, _syncOutcome.Nodes, _syncOutcome.Nests, _syncOutcome.Eggs], Severity.Success);
            }

            await ReloadAsync();
        }
        finally
        {
            _action = null;
        }
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
