namespace GameHost.Domain.Catalog;

/// <summary>
/// A server plan with a stable identity. What it is and costs lives in immutable <see cref="TariffVersion"/>s; the
/// current version is what new orders get, and services sold on an older version keep it until staff schedule a
/// price change. The settings here (visibility, limits, order) are not part of a sale and change in place.
/// </summary>
public sealed class Tariff
{
    public Guid Id { get; set; }

    /// <summary>URL-safe and unique, used in catalog and hidden links.</summary>
    public string Slug { get; set; } = "";

    public Guid GameId { get; set; }

    public Game? Game { get; set; }

    public TariffVisibility Visibility { get; set; }

    /// <summary>How many services of this tariff may exist at once; null = no limit.</summary>
    public int? StockLimit { get; set; }

    /// <summary>How many services of this tariff one customer may hold; null = no limit.</summary>
    public int? PerCustomerLimit { get; set; }

    public BillingModel BillingModel { get; set; }

    public int DisplayOrder { get; set; }

    public bool IsArchived { get; set; }

    public DateTime? ArchivedAtUtc { get; set; }

    public int CurrentVersionNumber { get; set; }

    /// <summary>Changes on every write; an editor that read an older token is told the tariff changed meanwhile.</summary>
    public Guid ConcurrencyToken { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public List<TariffVersion> Versions { get; set; } = [];

    public List<TariffAddOn> AddOns { get; set; } = [];

    public TariffVersion CurrentVersion =>
        Versions.SingleOrDefault(v => v.Number == CurrentVersionNumber)
        ?? throw new InvalidOperationException($"Tariff {Id} is loaded without its current version {CurrentVersionNumber}.");
}

/// <summary>An add-on offered with a tariff.</summary>
public sealed class TariffAddOn
{
    public Guid TariffId { get; set; }

    public Guid AddOnId { get; set; }

    public AddOn? AddOn { get; set; }
}
