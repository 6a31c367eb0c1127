using System.Globalization;
using GameHost.App.Features.Customers;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using GameHost.App.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace GameHost.App.Features.Catalog.Admin;

public partial class CatalogPage
{
    private readonly CancellationTokenSource _cancellation = new();
    private IReadOnlyList<CatalogGameItem> _games = [];
    private IReadOnlyList<TariffListItem> _tariffs = [];
    private IReadOnlyList<AddOnListItem> _addOns = [];
    private IReadOnlyList<PromoCodeListItem> _promos = [];
    private Guid? _gameFilter;
    private bool _loading = true;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private CatalogAdminQuery Catalog { get; set; } = default!;

    [Inject]
    private PromoCodeListQuery Promos { get; set; } = default!;

    [Inject]
    private SetPromoCodeEnabled SetPromoEnabled { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _games = await Catalog.GamesAsync(_cancellation.Token);
            await LoadAsync();
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task LoadAsync()
    {
        _tariffs = await Catalog.TariffsAsync(_gameFilter, _cancellation.Token);
        _addOns = await Catalog.AddOnsAsync(_cancellation.Token);
        _promos = await Promos.ExecuteAsync(_cancellation.Token);
    }

    private async Task OnGameFilterAsync(Guid? gameId)
    {
        _gameFilter = gameId;
        _tariffs = await Catalog.TariffsAsync(_gameFilter, _cancellation.Token);
    }

    private static string TariffHref(Guid id) => $"/admin/catalog/tariffs/{id:D}";

    private void OpenTariff(TableRowClickEventArgs<TariffListItem> args)
    {
        if (args.Item is not null)
        {
            Navigation.NavigateTo(TariffHref(args.Item.Id));
        }
    }

    private async Task<Guid?> ActorAsync() => SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);

    private async Task EditAddOnAsync(AddOnListItem? existing)
    {
        if (await ActorAsync() is not { } actor)
        {
            return;
        }

        var parameters = new DialogParameters<AddOnDialog> { { d => d.Existing, existing }, { d => d.ActorId, actor } };
        var dialog = await Dialogs.ShowAsync<AddOnDialog>(existing is null ? L["NewAddOn"] : L["EditAddOnTitle", existing.Key], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["AddOnSaved"], Severity.Success);
            _addOns = await Catalog.AddOnsAsync(_cancellation.Token);
        }
    }

    private async Task NewPromoAsync()
    {
        if (await ActorAsync() is not { } actor)
        {
            return;
        }

        var parameters = new DialogParameters<PromoCodeDialog> { { d => d.Tariffs, _tariffs }, { d => d.ActorId, actor } };
        var dialog = await Dialogs.ShowAsync<PromoCodeDialog>(L["NewPromo"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["PromoCreated"], Severity.Success);
            _promos = await Promos.ExecuteAsync(_cancellation.Token);
        }
    }

    private async Task EditPromoAsync(PromoCodeListItem promo)
    {
        if (await ActorAsync() is not { } actor)
        {
            return;
        }

        var parameters = new DialogParameters<PromoCodeDialog> { { d => d.Tariffs, _tariffs }, { d => d.ActorId, actor }, { d => d.Existing, promo } };
        var dialog = await Dialogs.ShowAsync<PromoCodeDialog>(L["EditPromo", promo.Code], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["PromoSaved"], Severity.Success);
        }

        // Reload either way: a cancelled edit may have met a code that changed meanwhile.
        _promos = await Promos.ExecuteAsync(_cancellation.Token);
    }

    private async Task SetPromoEnabledAsync(PromoCodeListItem promo, bool enabled)
    {
        if (await ActorAsync() is not { } actor)
        {
            return;
        }

        if (!enabled)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(L["DisablePromo"], L["DisablePromoConfirm", promo.Code], L["DisablePromo"], cancelText: L["Cancel"]);
            if (confirmed != true)
            {
                return;
            }
        }

        var result = await SetPromoEnabled.ExecuteAsync(actor, promo.Id, enabled, CorrelationId.New(), _cancellation.Token);
        Snackbar.Add(result.IsSuccess ? L[enabled ? "PromoEnabled" : "PromoDisabled"] : CatalogDisplay.Error(L, result.Error!),
            result.IsSuccess ? Severity.Success : Severity.Error);
        _promos = await Promos.ExecuteAsync(_cancellation.Token);
    }

    private static string Discount(PromoCodeListItem promo) => promo.Kind == PromoDiscountKind.Percent
        ? ((promo.PercentBasisPoints ?? 0) / 100m).ToString("0.##", CultureInfo.CurrentCulture) + " %"
        : string.Join(" / ", promo.FixedAmounts.Select(CatalogDisplay.Money));

    private string Validity(PromoCodeListItem promo) => (promo.ValidFromUtc, promo.ValidUntilUtc) switch
    {
        (null, null) => L["Always"],
        ({ } from, null) => L["ValidFromOnly", CatalogDisplay.Date(from)],
        (null, { } until) => L["ValidUntilOnly", LastDay(until)],
        ({ } from, { } until) => L["ValidBetween", CatalogDisplay.Date(from), LastDay(until)],
    };

    /// <summary>Codes end at an exclusive instant; a code ending at midnight was last valid the day before.</summary>
    private static string LastDay(DateTime untilUtc) => CatalogDisplay.Date(untilUtc.TimeOfDay == TimeSpan.Zero ? untilUtc.AddDays(-1) : untilUtc);

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
