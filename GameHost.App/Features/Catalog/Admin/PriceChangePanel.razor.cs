using FluentValidation;
using GameHost.App.Features.Customers.Admin;
using GameHost.App.Hosting;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using Severity = MudBlazor.Severity;

namespace GameHost.App.Features.Catalog.Admin;

public partial class PriceChangePanel
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PriceChangeForm _model = new();
    private MudForm? _form;
    private Func<object, string, Task<IEnumerable<string>>> _validation = default!;
    private DateTime _earliest;
    private bool _busy;
    private string? _error;
    private Guid? _shownTariffToken;
    private Preview? _preview;

    /// <summary>The services a move from one version to another touches, as last loaded.</summary>
    private sealed record Preview(int From, int To, IReadOnlyList<AffectedService> Services);

    [Parameter, EditorRequired]
    public TariffDetails Tariff { get; set; } = default!;

    [Parameter]
    public Guid? ActorId { get; set; }

    /// <summary>Raised after a change was scheduled, so the page can reload the list.</summary>
    [Parameter]
    public EventCallback Scheduled { get; set; }

    [Inject]
    private SchedulePriceChange Schedule { get; set; } = default!;

    [Inject]
    private IPriceChangeImpact Impact { get; set; } = default!;

    [Inject]
    private IValidator<PriceChangeForm> Validator { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IOptions<CatalogOptions> Options { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private int NoticeDays => (int)Math.Ceiling(Options.Value.MinimumPriceChangeNotice.TotalDays);

    protected override void OnInitialized() => _validation = MudFormValidation.For(Validator);

    protected override void OnParametersSet()
    {
        _earliest = PriceChangeForm.EarliestDate(Time.GetUtcNow().UtcDateTime, Options.Value.MinimumPriceChangeNotice);
        if (_shownTariffToken != Tariff.ConcurrencyToken)
        {
            // A new version was saved: offer moving the previous version's services to the current one.
            _shownTariffToken = Tariff.ConcurrencyToken;
            _model.ToVersion = Tariff.CurrentVersionNumber;
            _model.FromVersion = Math.Max(0, Tariff.CurrentVersionNumber - 1);
        }
    }

    private async Task ScheduleAsync()
    {
        if (_busy || _form is null)
        {
            return;
        }

        _error = null;
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        if (ActorId is not { } actor)
        {
            _error = CatalogDisplay.Error(L, CatalogErrors.ActorNotAdmin);
            return;
        }

        // Staff confirm knowing who is affected: the count comes from the same query the notices will use.
        var preview = await LoadPreviewAsync();
        var when = CatalogDisplay.DateTime(L, _model.EffectiveAtUtc);
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["SchedulePriceChange"], L["ScheduleConfirmAffected", _model.FromVersion, _model.ToVersion, when, preview.Services.Count], L["Schedule"],
            cancelText: L["Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Schedule.ExecuteAsync(
                new SchedulePriceChangeCommand(actor, Tariff.Id, _model.FromVersion, _model.ToVersion, _model.EffectiveAtUtc, CorrelationId.New()),
                _cancellation.Token);
            if (result.IsSuccess)
            {
                Snackbar.Add(L["PriceChangeScheduled"], Severity.Success);
                await Scheduled.InvokeAsync();
            }
            else
            {
                _error = CatalogDisplay.Error(L, result.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task PreviewAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            await LoadPreviewAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<Preview> LoadPreviewAsync()
    {
        var services = await Impact.ListAffectedAsync(Tariff.Id, _model.FromVersion, _model.ToVersion, _cancellation.Token);
        _preview = new Preview(_model.FromVersion, _model.ToVersion, services);
        return _preview;
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
