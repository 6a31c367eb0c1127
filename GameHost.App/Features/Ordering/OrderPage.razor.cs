using GameHost.App.Features.Catalog;
using GameHost.App.Features.Catalog.Public;
using GameHost.App.Features.Customers;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace GameHost.App.Features.Ordering;

/// <summary>
/// The order form: game → plan → location → period → add-ons → server → review and place. Every choice stays on the
/// server (this is an interactive circuit); the review is priced by the billing domain and the order is placed under
/// a request id made when the form opened, so a double click or a retry after a lost connection makes one order.
/// </summary>
public partial class OrderPage : IDisposable
{
    internal const int ReviewStep = 6;

    private readonly CancellationTokenSource _cancellation = new();
    private readonly OrderForm _form = new();

    // Made once per opened form: PlaceOrder answers a repeat of it with the order it already placed.
    private readonly string _requestId = Guid.NewGuid().ToString("N");

    private Dictionary<string, string> _fieldErrors = new(StringComparer.Ordinal);
    private Dictionary<string, string> _addOnErrors = new(StringComparer.Ordinal);
    private IReadOnlyList<PublicGame> _games = [];
    private IReadOnlyList<int> _alternatives = [];
    private OrderTariff? _tariff;
    private OrderReview? _review;
    private Error? _blocked;
    private Currency _currency;
    private Guid _customerId;
    private string? _linkProblem;
    private string? _reviewProblem;
    private string? _promoError;
    private int _step;
    private bool _loading = true;
    private bool _isStaff;
    private bool _serverChecked;
    private bool _quoting;
    private bool _placing;
    private bool _placed;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private OrderReviewQuery Reviews { get; set; } = default!;

    [Inject]
    private PublicCatalogQuery Catalog { get; set; } = default!;

    [Inject]
    private OrderTariffQuery Tariffs { get; set; } = default!;

    [Inject]
    private OrderSubmission Orders { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The plan to start with, from the catalog's Order button or a hidden link.</summary>
    [SupplyParameterFromQuery(Name = "tariff")]
    private string? TariffSlug { get; set; }

    private CancellationToken Cancellation => _cancellation.Token;

    /// <summary>The furthest step the choices so far allow.</summary>
    private int Reachable =>
        _form.GameKey is null ? 0
        : _tariff is null ? 1
        : _form.LocationId is null ? 2
        : _form.Period is null ? 3
        : _serverChecked ? ReviewStep
        : 5;

    private bool CanContinue => Reachable > _step || _step is 4 or 5;

    private string? GameName => _games.FirstOrDefault(g => g.Key == _form.GameKey) is { } game ? CatalogDisplay.Text(game.Name)
        : _tariff is not null ? CatalogDisplay.Text(_tariff.GameName) : null;

    /// <summary>The game's listed plans, plus the hidden-link plan the form was opened with.</summary>
    private IReadOnlyList<PublicTariff> TariffsOfGame
    {
        get
        {
            var listed = _games.FirstOrDefault(g => g.Key == _form.GameKey)?.Tariffs ?? [];
            return _tariff is not null && _tariff.GameKey == _form.GameKey && listed.All(t => t.Id != _tariff.Id)
                ? [_tariff.ToPublic(), .. listed]
                : listed;
        }
    }

    private string ProfileHref => "/account/manage?returnUrl=" + Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri));

    private IReadOnlyList<(string Label, string Value)> Summary =>
    [
        (L["StepGame"], GameName ?? ""),
        (L["StepTariff"], _tariff is null ? "" : CatalogDisplay.Text(_tariff.Name)),
        (L["StepLocation"], _form.LocationId is { } location ? Locations.Name(location) : ""),
        (L["StepPeriod"], _form.Period is { } period ? CatalogDisplay.Enum(CatalogL, period) : ""),
        (L["ServerName"], _form.ServerName.Trim()),
    ];

    protected override async Task OnInitializedAsync()
    {
        try
        {
            var user = AuthenticationState is null ? null : (await AuthenticationState).User;
            _isStaff = user is not null && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Support));
            if (_isStaff || SignedInUser.Id(user) is not { } customerId)
            {
                return;
            }

            _customerId = customerId;
            await Locations.LoadAsync(Cancellation);
            var currency = await Reviews.BuyerCurrencyAsync(customerId, Cancellation);
            if (!currency.IsSuccess)
            {
                _blocked = currency.Error;
                return;
            }

            _currency = currency.Value;
            _games = await Catalog.ExecuteAsync(_currency.Code, Cancellation);
            if (!string.IsNullOrWhiteSpace(TariffSlug))
            {
                await OpenLinkAsync(TariffSlug);
            }
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>Opened from the catalog or a hidden link: start at the first choice the plan leaves open.</summary>
    private async Task OpenLinkAsync(string slug)
    {
        var found = await Tariffs.BySlugAsync(slug, _currency.Code, Cancellation);
        if (!found.IsSuccess)
        {
            _linkProblem = OrderErrorText.For(L, found.Error, Locations, null);
            return;
        }

        _form.LinkSlug = found.Value.Slug;
        UseTariff(found.Value);
        _step = Math.Min(Reachable, 4);
    }

    private void UseTariff(OrderTariff tariff)
    {
        _tariff = tariff;
        _form.Choose(tariff);
        _form.PromoCode = null;
        _serverChecked = false;
        _fieldErrors = new(StringComparer.Ordinal);
        _addOnErrors = new(StringComparer.Ordinal);
        ClearReview();
    }

    private void ClearReview()
    {
        _review = null;
        _reviewProblem = null;
        _alternatives = [];
        _promoError = null;
    }

    private async Task ChooseGameAsync(string gameKey)
    {
        if (_form.GameKey != gameKey)
        {
            _form.GameKey = gameKey;
            _form.TariffId = null;
            _tariff = null;
            _serverChecked = false;
            ClearReview();
        }

        await GoToAsync(1);
    }

    private async Task ChooseTariffAsync(Guid tariffId)
    {
        if (_tariff?.Id != tariffId)
        {
            var found = await Tariffs.ByIdAsync(tariffId, _form.LinkSlug, _currency.Code, Cancellation);
            if (!found.IsSuccess)
            {
                _linkProblem = OrderErrorText.For(L, found.Error, Locations, null);
                return;
            }

            UseTariff(found.Value);
        }

        await GoToAsync(2);
    }

    private async Task ChooseLocationAsync(int? locationId)
    {
        _form.LocationId = locationId;
        ClearReview();
        await GoToAsync(3);
    }

    private async Task ChoosePeriodAsync(BillingPeriod? period)
    {
        _form.Period = period;
        ClearReview();
        await GoToAsync(4);
    }

    private void SetAddOn((string Key, int Quantity) change)
    {
        _form.AddOns[change.Key] = change.Quantity;
        _addOnErrors.Remove(change.Key);
        ClearReview();
    }

    private void ServerFieldEdited(string field)
    {
        _fieldErrors.Remove(field);
        _serverChecked = false;
        ClearReview();
    }

    private Task BackAsync() => GoToAsync(_step - 1);

    private async Task NextAsync()
    {
        if (_step == 4 && !CheckAddOns())
        {
            return;
        }

        if (_step == 5 && !CheckServer())
        {
            return;
        }

        await GoToAsync(_step + 1);
    }

    /// <summary>Moves to a step the choices allow (header clicks come here too); the review is priced on arrival.</summary>
    private async Task GoToAsync(int step)
    {
        step = Math.Clamp(step, 0, Math.Max(0, Reachable));
        _step = step;
        if (step == ReviewStep && _review is null)
        {
            await QuoteAsync();
        }
    }

    private bool CheckAddOns()
    {
        _addOnErrors = new(StringComparer.Ordinal);
        foreach (var addOn in _tariff?.AddOns ?? [])
        {
            var quantity = _form.AddOns.GetValueOrDefault(addOn.Key, addOn.DefaultQuantity);
            if (quantity < addOn.MinQuantity || quantity > addOn.MaxQuantity)
            {
                _addOnErrors[addOn.Key] = L["AddOnOutOfRange", addOn.MinQuantity, addOn.MaxQuantity];
            }
        }

        return _addOnErrors.Count == 0;
    }

    /// <summary>The same rules PlaceOrder applies (server name, the egg's own rules), checked before the review so each field says what is wrong.</summary>
    private bool CheckServer()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = ServerNameRule.Check(_form.ServerName);
        if (!name.IsSuccess)
        {
            errors[ServerStep.ServerNameField] = OrderErrorText.For(L, name.Error, Locations, null);
        }

        foreach (var variable in _tariff?.Variables ?? [])
        {
            var value = _form.Variables.GetValueOrDefault(variable.EnvName, variable.DefaultValue)?.Trim() ?? "";
            if (EggVariableRules.Check(variable.EnvName, variable.Rules, value) is { } error)
            {
                errors[variable.EnvName] = OrderErrorText.For(L, error, Locations, null);
            }
        }

        _fieldErrors = errors;
        _serverChecked = errors.Count == 0;
        return _serverChecked;
    }

    private async Task QuoteAsync()
    {
        _quoting = true;
        _reviewProblem = null;
        try
        {
            var review = await Orders.ReviewAsync(_customerId, _form, _requestId, Cancellation);
            if (review.IsSuccess)
            {
                _review = review.Value;
                return;
            }

            _review = null;
            if (review.Error.Field == "PromoCode" && _form.PromoCode is not null)
            {
                // The code does not fit this order: say so at the field and show the price without it.
                _promoError = OrderErrorText.For(L, review.Error, Locations, null);
                _form.PromoCode = null;
                await QuoteAsync();
                return;
            }

            ShowError(review.Error);
        }
        finally
        {
            _quoting = false;
        }
    }

    private async Task ApplyPromoAsync(string code)
    {
        _promoError = null;
        _form.PromoCode = code;
        await QuoteAsync();
    }

    private async Task RemovePromoAsync()
    {
        _form.PromoCode = null;
        _promoError = null;
        await QuoteAsync();
    }

    private async Task SwitchLocationAsync(int locationId)
    {
        _form.LocationId = locationId;
        ClearReview();
        await QuoteAsync();
    }

    private async Task PlaceAsync()
    {
        if (_placing || _placed || _review is null)
        {
            return;
        }

        _placing = true;
        _reviewProblem = null;
        _alternatives = [];
        try
        {
            var placed = await Orders.PlaceAsync(_customerId, _form, _requestId, Cancellation);
            if (placed.IsSuccess)
            {
                _placed = true;
                Navigation.NavigateTo($"/cabinet/billing/invoices/{placed.Value.InvoiceId:D}?placed=1");
                return;
            }

            ShowError(placed.Error);
        }
        finally
        {
            _placing = false;
        }
    }

    /// <summary>Puts an error where the customer can fix it: at its field (and on its step), or on the review.</summary>
    private void ShowError(Error error)
    {
        if (error.Code == "billing.no_billing_profile")
        {
            _blocked = error;
            return;
        }

        var related = error.Related.Count > 0 ? error.Related : [error];
        var variables = _tariff?.Variables.Select(v => v.EnvName).ToHashSet(StringComparer.Ordinal) ?? [];
        var fieldErrors = related.Where(e => e.Field == ServerStep.ServerNameField || (e.Field is not null && variables.Contains(e.Field))).ToList();
        if (fieldErrors.Count > 0)
        {
            _fieldErrors = fieldErrors.ToDictionary(e => e.Field!, e => OrderErrorText.For(L, e, Locations, null), StringComparer.Ordinal);
            _serverChecked = false;
            _step = 5;
            return;
        }

        if (error.Field is { } field && field.StartsWith("AddOns.", StringComparison.Ordinal))
        {
            _addOnErrors = new(StringComparer.Ordinal) { [field["AddOns.".Length..]] = OrderErrorText.For(L, error, Locations, null) };
            _step = 4;
            return;
        }

        if (error.Field == "PromoCode")
        {
            _promoError = OrderErrorText.For(L, error, Locations, null);
            return;
        }

        _reviewProblem = OrderErrorText.For(L, error, Locations, _form.LocationId);
        _alternatives = error.Code == "provisioning.no_capacity" ? OrderErrorText.Alternatives(error) : [];
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
