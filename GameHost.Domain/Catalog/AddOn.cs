using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog;

/// <summary>
/// Something a customer adds to a server by the unit (+1 GB RAM, +1 backup slot…). A quantity runs from
/// <see cref="MinQuantity"/> to <see cref="MaxQuantity"/>; the first <see cref="IncludedQuantity"/> units are free.
/// Services keep the unit price they were sold at (billing stores the quote's lines), so add-ons change in place.
/// </summary>
public sealed class AddOn
{
    public Guid Id { get; set; }

    /// <summary>A stable key such as <c>extra-memory</c>; the order form sends quantities by key.</summary>
    public string Key { get; set; } = "";

    public LocalizedText Name { get; set; } = LocalizedText.Same("");

    public AddOnUnit Unit { get; set; }

    /// <summary>How much one unit adds on the panel in the unit's terms, e.g. 1024 (MiB) for +1 GB RAM.</summary>
    public int AmountPerUnit { get; set; }

    public int MinQuantity { get; set; }

    public int MaxQuantity { get; set; }

    public int IncludedQuantity { get; set; }

    public bool IsArchived { get; set; }

    public Guid ConcurrencyToken { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public List<AddOnPrice> Prices { get; set; } = [];

    public List<TariffAddOn> Tariffs { get; set; } = [];
}

/// <summary>The price of one unit of an add-on for one currency and one period.</summary>
public sealed class AddOnPrice
{
    public long Id { get; set; }

    public Guid AddOnId { get; set; }

    public BillingPeriod Period { get; set; }

    public Money Amount { get; set; }
}
