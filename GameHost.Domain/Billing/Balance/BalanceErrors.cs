using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Balance;

/// <summary>Stable codes for the balance, pay-ahead, adjustment and credit-limit use cases.</summary>
public static class BalanceErrors
{
    public static readonly Error AmountRequired = Error.Validation("Amount", "billing.amount_required", "Enter an amount greater than zero.");

    public static readonly Error AmountTooLarge = Error.Validation("Amount", "billing.amount_too_large", "The amount is larger than allowed.");

    public static readonly Error AmountPrecision = Error.Validation("Amount", "billing.amount_precision", "The amount has more decimals than the currency allows.");

    public static readonly Error CurrencyMismatch = Error.Validation("Amount", "billing.currency_mismatch",
        "The amount must be in the customer's account currency; nothing is converted.");

    public static readonly Error PeriodsOutOfRange = Error.Validation("Periods", "billing.periods_out_of_range", "Choose between 1 and 12 periods.");

    public static readonly Error ServiceNotFound = new("billing.service_not_found", "No such service.");

    public static readonly Error ServiceNotPrepaid = new("billing.service_not_prepaid",
        "Only an active prepaid service with a renewing period can be paid ahead.");

    public static readonly Error PeriodAlreadyInvoiced = new("billing.period_already_invoiced",
        "The next period of this service already has an invoice; pay that one first.");

    public static readonly Error ReasonRequired = Error.Validation("Reason", "billing.reason_required", "Say why the balance is adjusted.");

    public static readonly Error ReasonTooLong = Error.Validation("Reason", "billing.reason_too_long", "The reason is limited to 500 characters.");

    public static readonly Error NotAdmin = new("billing.actor_not_admin", "Only administrators can change a customer's balance or credit limit.");

    public static readonly Error CustomerNotFound = new("billing.customer_not_found", "No such customer, or the customer has no billing profile.");

    public static readonly Error RequestIdReused = new("billing.request_id_reused",
        "This form was already used for another change; reload the page.");
}
