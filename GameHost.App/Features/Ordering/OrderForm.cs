using GameHost.Domain.Catalog;

namespace GameHost.App.Features.Ordering;

/// <summary>
/// What the customer has chosen so far. There is no amount anywhere: the server prices the order from these choices
/// every time it is reviewed and again when it is placed.
/// </summary>
public sealed class OrderForm
{
    public string? GameKey { get; set; }

    public Guid? TariffId { get; set; }

    /// <summary>The tariff slug the form was opened with (<c>?tariff=…</c>): the link that opens a hidden-link tariff.</summary>
    public string? LinkSlug { get; set; }

    public int? LocationId { get; set; }

    public BillingPeriod? Period { get; set; }

    /// <summary>Quantities by add-on key.</summary>
    public Dictionary<string, int> AddOns { get; } = new(StringComparer.Ordinal);

    public string ServerName { get; set; } = "";

    /// <summary>Values of the customer-settable egg variables by environment name.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>The promo code applied to the order (not what is being typed).</summary>
    public string? PromoCode { get; set; }

    /// <summary>Starts a fresh order of <paramref name="tariff"/>: its defaults, and the only location or period if there is just one.</summary>
    public void Choose(Domain.Catalog.Queries.OrderTariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        GameKey = tariff.GameKey;
        TariffId = tariff.Id;
        LocationId = tariff.LocationIds.Count == 1 ? tariff.LocationIds[0] : null;
        Period = tariff.Prices.Count == 1 ? tariff.Prices[0].Period : null;
        AddOns.Clear();
        foreach (var addOn in tariff.AddOns)
        {
            AddOns[addOn.Key] = addOn.DefaultQuantity;
        }

        Variables.Clear();
        foreach (var variable in tariff.Variables)
        {
            Variables[variable.EnvName] = variable.DefaultValue;
        }
    }
}
