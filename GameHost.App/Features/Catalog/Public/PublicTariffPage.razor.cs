using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Common;
using Microsoft.AspNetCore.Components;

namespace GameHost.App.Features.Catalog.Public;

public partial class PublicTariffPage
{
    private IReadOnlyList<Currency> _offered = [];
    private PublicTariff? _tariff;
    private string _gameName = "";
    private Currency? _currency;

    [Inject]
    private OrderTariffQuery Tariffs { get; set; } = default!;

    [Inject]
    private CatalogCurrenciesQuery Currencies { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Parameter]
    public string Slug { get; set; } = "";

    [SupplyParameterFromQuery(Name = "currency")]
    private string? RequestedCurrency { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        _offered = await Tariffs.CurrenciesAsync(Slug, cancellation);
        _currency = await CatalogCurrencyChoice.ChooseAsync(HttpContext, Currencies, _offered, RequestedCurrency, cancellation);
        if (_currency is not { } currency)
        {
            return;
        }

        var found = await Tariffs.BySlugAsync(Slug, currency.Code, cancellation);
        if (!found.IsSuccess)
        {
            return;
        }

        var tariff = found.Value;
        _gameName = CatalogDisplay.Text(tariff.GameName);
        _tariff = tariff.ToPublic();
    }
}
