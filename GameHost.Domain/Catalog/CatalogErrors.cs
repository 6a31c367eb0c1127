using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog;

/// <summary>Stable codes for the catalog's use cases and pricing; the UI maps each code to localized words.</summary>
public static class CatalogErrors
{
    public static readonly Error ActorNotAdmin = new("catalog.actor_not_admin", "Only administrators can change the catalog.");

    public static readonly Error TariffNotFound = new("catalog.tariff_not_found", "No tariff with this id.");

    public static readonly Error GameNotFound = Error.Validation("GameId", "catalog.game_not_found", "No game with this id.");

    public static readonly Error SlugTaken = Error.Validation("Slug", "catalog.slug_taken", "Another tariff already uses this slug.");

    public static readonly Error TariffChangedMeanwhile = new("catalog.tariff_changed_meanwhile", "The tariff changed while you were editing it; reload and try again.");

    public static readonly Error TariffArchived = new("catalog.tariff_archived", "The tariff is archived and can no longer be ordered or edited.");

    public static readonly Error TariffNotOrderable = new("catalog.tariff_not_orderable", "This tariff cannot be ordered.");

    public static readonly Error TariffOutOfStock = new("catalog.tariff_out_of_stock", "This tariff is sold out.");

    public static readonly Error TariffCustomerLimitReached = new("catalog.tariff_customer_limit_reached", "You already have as many servers of this tariff as one customer may hold.");

    public static readonly Error PeriodNotOffered = Error.Validation("Period", "catalog.period_not_offered", "This tariff is not sold for that period.");

    public static readonly Error UnknownCurrency = Error.Validation("Currency", "catalog.unknown_currency", "Unknown currency.");

    public static readonly Error AddOnNotFound = new("catalog.addon_not_found", "No add-on with this id.");

    public static readonly Error AddOnKeyTaken = Error.Validation("Key", "catalog.addon_key_taken", "Another add-on already uses this key.");

    public static readonly Error AddOnChangedMeanwhile = new("catalog.addon_changed_meanwhile", "The add-on changed while you were editing it; reload and try again.");

    public static readonly Error PromoCodeTaken = Error.Validation("Code", "catalog.promo_code_taken", "Another promo code already uses this code.");

    public static readonly Error PromoCodeNotFound = new("catalog.promo_code_not_found", "No promo code with this id.");

    public static readonly Error PromoCodeChangedMeanwhile = new("catalog.promo_code_changed_meanwhile", "The promo code changed while you were editing it (an order may have used it); reload and try again.");

    public static readonly Error PromoInvalid = Error.Validation("PromoCode", "catalog.promo_invalid", "This promo code does not exist.");

    public static readonly Error PromoNotYetValid = Error.Validation("PromoCode", "catalog.promo_not_yet_valid", "This promo code is not valid yet.");

    public static readonly Error PromoExpired = Error.Validation("PromoCode", "catalog.promo_expired", "This promo code has expired.");

    public static readonly Error PromoExhausted = Error.Validation("PromoCode", "catalog.promo_exhausted", "This promo code has been used up.");

    public static readonly Error PromoCustomerLimitReached = Error.Validation("PromoCode", "catalog.promo_customer_limit_reached", "You have already used this promo code as often as allowed.");

    public static readonly Error PromoNotApplicable = Error.Validation("PromoCode", "catalog.promo_not_applicable", "This promo code does not apply to this order.");

    public static readonly Error PromoChangedMeanwhile = new("catalog.promo_changed_meanwhile", "Another order used the promo code at the same moment; try again.");

    public static readonly Error VersionNotFound = Error.Validation("Version", "catalog.version_not_found", "The tariff has no such version.");

    public static readonly Error PriceChangeVersions = Error.Validation("ToVersion", "catalog.price_change_versions", "A price change moves services from an older version to a later one.");

    public static readonly Error PriceChangeTooSoon = Error.Validation("EffectiveAtUtc", "catalog.price_change_too_soon", "Customers must be told in advance: the change must take effect later.");

    public static readonly Error PriceChangeAlreadyScheduled = Error.Validation("FromVersion", "catalog.price_change_already_scheduled", "A price change for services on this version is already scheduled.");

    /// <summary>Details: how many services, then each currency and period without a price.</summary>
    public static Error PriceChangeUnpriced(int services, IEnumerable<string> missing) =>
        Error.Validation("ToVersion", "catalog.price_change_unpriced", "Some services have no price on the later version for their currency and period.")
            with { Details = [services.ToString(System.Globalization.CultureInfo.InvariantCulture), .. missing] };

    public static Error PriceMissing(string currency, BillingPeriod period, string what) =>
        Error.Validation("Period", "catalog.price_missing", $"{what} has no {currency} price for {period}.");

    public static Error AddOnQuantityOutOfRange(string key, int min, int max) =>
        Error.Validation("AddOns." + key, "catalog.addon_quantity_out_of_range", $"The quantity of '{key}' must be between {min} and {max}.");

    public static Error AddOnNotOffered(string key) =>
        Error.Validation("AddOns." + key, "catalog.addon_not_offered", $"The add-on '{key}' is not offered with this tariff.");

    public static Error Invalid(string field, string message) => Error.Validation(field, "catalog.invalid", message);
}
