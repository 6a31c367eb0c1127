using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog.UseCases;

/// <summary>Audit action codes and subjects of the catalog, shared with whoever reads the entries.</summary>
public static class CatalogAudit
{
    public const string TariffSubject = "Tariff";
    public const string AddOnSubject = "AddOn";
    public const string PromoCodeSubject = "PromoCode";

    public const string TariffCreated = "catalog.tariff_created";
    public const string TariffEdited = "catalog.tariff_edited";
    public const string TariffArchived = "catalog.tariff_archived";
    public const string AddOnCreated = "catalog.addon_created";
    public const string AddOnEdited = "catalog.addon_edited";
    public const string PromoCodeCreated = "catalog.promo_created";
    public const string PromoCodeEdited = "catalog.promo_edited";
    public const string PromoCodeDisabled = "catalog.promo_disabled";
    public const string PromoCodeEnabled = "catalog.promo_enabled";
    public const string PriceChangeScheduled = "catalog.price_change_scheduled";

    public static string Id(Guid id) => id.ToString("D");
}

/// <summary>
/// The tariff as the audit log shows it: its settings and which version is current, with prices in words. Enums are
/// written by name so the entry reads the same after the enum is reordered.
/// </summary>
public sealed record TariffAuditSnapshot(
    string Slug,
    Guid GameId,
    string Visibility,
    int? StockLimit,
    int? PerCustomerLimit,
    string BillingModel,
    int DisplayOrder,
    bool Archived,
    int CurrentVersion,
    string? Name,
    string? Prices,
    string? SetupFees,
    string? Resources,
    string? AddOnIds)
{
    internal static TariffAuditSnapshot Of(Tariff tariff)
    {
        var version = tariff.Versions.SingleOrDefault(v => v.Number == tariff.CurrentVersionNumber);
        return new TariffAuditSnapshot(
            tariff.Slug, tariff.GameId, tariff.Visibility.ToString(), tariff.StockLimit, tariff.PerCustomerLimit, tariff.BillingModel.ToString(),
            tariff.DisplayOrder, tariff.IsArchived, tariff.CurrentVersionNumber,
            version?.Name.En,
            version is null ? null : string.Join(", ", version.Prices.OrderBy(p => p.Amount.Currency.Code, StringComparer.Ordinal).ThenBy(p => p.Period).Select(p => $"{p.Period} {p.Amount}")),
            version is null ? null : string.Join(", ", version.SetupFees.Select(f => f.Amount.ToString())),
            version?.Resources.ToString(),
            string.Join(", ", tariff.AddOns.Select(a => a.AddOnId).Order()));
    }
}
