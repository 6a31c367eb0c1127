using GameHost.App.Features.Customers;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Common;
using Microsoft.AspNetCore.Components;

namespace GameHost.App.Features.Catalog.Public;

/// <summary>
/// The public catalog: listed tariffs by game, priced in the visitor's currency. Rendered on the server without an
/// interactive circuit, so it is fast, needs no login and works without JavaScript.
/// </summary>
public partial class PublicCatalogPage
{
    private IReadOnlyList<Currency> _offered = [];
    private IReadOnlyList<PublicGame> _games = [];
    private Currency? _currency;

    [Inject]
    private PublicCatalogQuery Catalog { get; set; } = default!;

    [Inject]
    private CatalogCurrenciesQuery Currencies { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "currency")]
    private string? RequestedCurrency { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        _offered = await Currencies.OfferedAsync(cancellation);
        _currency = await CatalogCurrencyChoice.ChooseAsync(HttpContext, Currencies, _offered, RequestedCurrency, cancellation);
        if (_currency is { } currency)
        {
            _games = await Catalog.ExecuteAsync(currency.Code, cancellation);
        }
    }
}

/// <summary>Picks the catalog currency for a request and remembers an explicit choice in the cookie.</summary>
internal static class CatalogCurrencyChoice
{
    public static async Task<Currency?> ChooseAsync(
        HttpContext http, CatalogCurrenciesQuery currencies, IReadOnlyList<Currency> offered, string? requested, CancellationToken cancellationToken)
    {
        var customer = SignedInUser.Id(http.User) is { } userId ? await currencies.CustomerCurrencyAsync(userId, cancellationToken) : null;
        var chosen = CatalogCurrency.Choose(offered, requested, http.Request.Cookies[CatalogCurrency.CookieName], customer);
        if (chosen is { } currency && string.Equals(requested?.Trim(), currency.Code, StringComparison.OrdinalIgnoreCase))
        {
            CatalogCurrency.Remember(http.Response, currency);
        }

        return chosen;
    }
}
