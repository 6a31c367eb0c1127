using FluentValidation;
using GameHost.App.Features.Customers;
using GameHost.App.Features.Customers.Admin;
using GameHost.App.Hosting;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning.PanelCatalog;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Severity = MudBlazor.Severity;

namespace GameHost.App.Features.Catalog.Admin;

public partial class TariffEditorPage
{
    /// <summary>Where the use cases' error fields show in this form; errors without a place go to the alert on top.</summary>
    private static readonly Dictionary<string, string> FieldOfError = new(StringComparer.Ordinal)
    {
        ["Slug"] = nameof(TariffForm.Slug),
        ["GameId"] = nameof(TariffForm.GameId),
    };

    private readonly CancellationTokenSource _cancellation = new();
    private readonly Dictionary<string, string> _serverErrors = new(StringComparer.Ordinal);
    private TariffForm _model = new();
    private MudForm? _form;
    private Func<object, string, Task<IEnumerable<string>>> _validation = default!;
    private TariffDetails? _details;
    private IReadOnlyList<CatalogGameItem> _games = [];
    private IReadOnlyList<AddOnListItem> _addOns = [];
    private Guid? _actorId;
    private bool _loading = true;
    private bool _busy;
    private bool _stale;
    private string? _saveError;
    private string? _gridError;
    private string? _variablesError;
    private string? _locationsError;
    private Dictionary<int, string> _variableDefaultErrors = [];
    private PanelCatalogView _panel = PanelCatalogView.Empty;

    [Parameter]
    public Guid? Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private CatalogAdminQuery Catalog { get; set; } = default!;

    [Inject]
    private TariffDetailsQuery Details { get; set; } = default!;

    [Inject]
    private CreateTariff CreateTariff { get; set; } = default!;

    [Inject]
    private EditTariff EditTariff { get; set; } = default!;

    [Inject]
    private ArchiveTariff ArchiveTariff { get; set; } = default!;

    [Inject]
    private PanelCatalogQuery PanelCatalog { get; set; } = default!;

    [Inject]
    private IValidator<TariffForm> Validator { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private bool ReadOnly => _details?.IsArchived == true;

    private string Title => _details is null ? L["NewTariff"] : CatalogDisplay.Text(_details.CurrentVersion.Content.Name);

    protected override void OnInitialized() => _validation = MudFormValidation.For(Validator);

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        try
        {
            _actorId = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
            _games = await Catalog.GamesAsync(_cancellation.Token);
            _addOns = await Catalog.AddOnsAsync(_cancellation.Token);
            _panel = await PanelCatalog.ExecuteAsync(_cancellation.Token);
            await LoadTariffAsync();
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task LoadTariffAsync()
    {
        _stale = false;
        _saveError = null;
        if (Id is not { } id)
        {
            _details = null;
            _model = new TariffForm { GameId = _games.Count > 0 ? _games[0].Id : null };
            return;
        }

        _details = await Details.ExecuteAsync(id, _cancellation.Token);
        if (_details is not null)
        {
            _model = TariffForm.From(_details);
        }
    }

    private void OnBillingModelChanged(BillingModel model) => _model.BillingModel = model;

    /// <summary>A panel pick refilled the variables: their old rule messages no longer point at the right rows.</summary>
    private void OnPanelPick() => _variableDefaultErrors = [];

    private bool HasServerError(string field) => _serverErrors.ContainsKey(field);

    private string? ServerError(string field) => _serverErrors.GetValueOrDefault(field);

    private async Task SaveAsync()
    {
        if (_busy || _form is null)
        {
            return;
        }

        _serverErrors.Clear();
        _saveError = null;
        await _form.ValidateAsync();
        var whole = await Validator.ValidateAsync(_model, _cancellation.Token);
        _gridError = whole.Errors.FirstOrDefault(e => e.PropertyName is "Prices" or "SetupFees")?.ErrorMessage;
        _variablesError = whole.Errors.FirstOrDefault(e => e.PropertyName == "Variables")?.ErrorMessage;
        _locationsError = whole.Errors.FirstOrDefault(e => e.PropertyName == nameof(TariffForm.Locations))?.ErrorMessage;
        _variableDefaultErrors = Enumerable.Range(0, _model.Variables.Count)
            .Select(i => (Index: i, Failure: whole.Errors.FirstOrDefault(e => e.PropertyName == TariffFormValidator.VariableDefaultProperty(i))))
            .Where(x => x.Failure is not null)
            .ToDictionary(x => x.Index, x => x.Failure!.ErrorMessage);
        if (!_form.IsValid || !whole.IsValid)
        {
            return;
        }

        if (_actorId is not { } actor)
        {
            _saveError = CatalogDisplay.Error(L, CatalogErrors.ActorNotAdmin);
            return;
        }

        _busy = true;
        try
        {
            var result = _details is null
                ? await CreateTariff.ExecuteAsync(
                    new CreateTariffCommand(actor, _model.ToSettings(), _model.ToContent(), CorrelationId.New()), _cancellation.Token)
                : await EditTariff.ExecuteAsync(
                    new EditTariffCommand(actor, _details.Id, _details.ConcurrencyToken, _model.ToSettings(), _model.ToContent(), CorrelationId.New()),
                    _cancellation.Token);
            if (!result.IsSuccess)
            {
                ShowError(result.Error);
                return;
            }

            await ShowSavedAsync(result.Value);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ShowSavedAsync(TariffSaved saved)
    {
        if (_details is null)
        {
            Snackbar.Add(L["TariffCreated"], Severity.Success);
            Navigation.NavigateTo($"/admin/catalog/tariffs/{saved.TariffId:D}");
            return;
        }

        Snackbar.Add(saved.VersionCreated ? L["SavedNewVersion", saved.CurrentVersionNumber] : L["SavedSettings"], Severity.Success);
        await LoadTariffAsync();
    }

    private void ShowError(Error error)
    {
        if (error == CatalogErrors.TariffChangedMeanwhile)
        {
            // Keep what the user typed on screen; saving again would overwrite someone else's change unseen.
            _stale = true;
            return;
        }

        var text = CatalogDisplay.Error(L, error);
        if (error.Field is not null && FieldOfError.TryGetValue(error.Field, out var field))
        {
            _serverErrors[field] = text;
        }
        else if (error.Field is "Prices" or "SetupFees")
        {
            _gridError = text;
        }
        else
        {
            _saveError = text;
        }
    }

    private async Task ReloadAfterStaleAsync()
    {
        _loading = true;
        try
        {
            await LoadTariffAsync();
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>Only the list of scheduled changes is new; the form keeps what the user typed.</summary>
    private async Task ReloadAfterScheduleAsync()
    {
        if (_details is not null)
        {
            _details = await Details.ExecuteAsync(_details.Id, _cancellation.Token) ?? _details;
        }
    }

    private async Task ArchiveAsync()
    {
        if (_details is null || _busy || _actorId is not { } actor)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["ArchiveTitle"], L["ArchiveBody", CatalogDisplay.Text(_details.CurrentVersion.Content.Name)], L["Archive"], cancelText: L["Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await ArchiveTariff.ExecuteAsync(new ArchiveTariffCommand(actor, _details.Id, CorrelationId.New()), _cancellation.Token);
            if (result.IsSuccess)
            {
                Snackbar.Add(L["TariffArchived"], Severity.Success);
                await LoadTariffAsync();
            }
            else
            {
                _saveError = CatalogDisplay.Error(L, result.Error);
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
