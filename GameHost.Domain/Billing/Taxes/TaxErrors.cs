using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Taxes;

/// <summary>Stable codes of the tax use cases; the UI maps each to localized words.</summary>
public static class TaxErrors
{
    public static readonly Error ActorNotAdmin = new("billing.tax_actor_not_admin", "Only administrators can change tax settings.");

    public static readonly Error CountryInvalid = Error.Validation("CountryCode", "billing.tax_country_invalid", "Choose a known country.");

    public static readonly Error NameRequired = Error.Validation("Name", "billing.tax_name_required", "Give the tax a name (e.g. VAT).");

    public static readonly Error NameTooLong = Error.Validation("Name", "billing.tax_name_too_long", "The tax name is limited to 100 characters.");

    public static readonly Error RateInvalid = Error.Validation("RatePercent", "billing.tax_rate_invalid",
        "The rate must be between 0 % and 100 %, with at most two decimals.");

    public static readonly Error RuleExists = Error.Validation("CountryCode", "billing.tax_rule_exists", "This country already has a tax rule; edit it instead.");

    public static readonly Error RuleNotFound = new("billing.tax_rule_not_found", "No tax rule for this country.");

    public static readonly Error RuleChanged = new("billing.tax_rule_changed", "Someone else changed this rule meanwhile; reload and try again.");

    public static readonly Error UnknownRate = new("billing.tax_unknown_rate", "There is no built-in rate for this country; add the rule by hand.");

    public static readonly Error CustomerNotFound = new("billing.tax_customer_not_found", "No such customer.");

    public static readonly Error ExemptReasonRequired = Error.Validation("Reason", "billing.tax_exempt_reason_required",
        "Say why the customer is exempt from tax (e.g. the exemption certificate).");

    public static readonly Error ExemptReasonTooLong = Error.Validation("Reason", "billing.tax_exempt_reason_too_long",
        "The reason is limited to 300 characters.");
}
