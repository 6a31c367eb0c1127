using GameHost.Domain.Common;

namespace GameHost.Domain.Billing;

/// <summary>Stable codes for billing's use cases and queries; the UI maps each code to localized words.</summary>
public static class BillingErrors
{
    public static readonly Error NoBillingProfile = new("billing.no_billing_profile",
        "Complete your billing details (country and currency) before ordering.");

    public static readonly Error InvalidRequestId = Error.Validation("RequestId", "billing.invalid_request_id",
        "The order form has no valid request id; reload the page.");

    public static readonly Error RequestIdReused = new("billing.request_id_reused",
        "This order form was already used for another order; reload the page.");

    public static readonly Error OrderBusy = new("billing.order_busy",
        "Many orders are being placed at this moment; please try again.");

    public static readonly Error InvoiceNotFound = new("billing.invoice_not_found", "No such invoice.");

    public static readonly Error InvoiceNotPayable = new("billing.invoice_not_payable", "This invoice is void or written off and cannot be paid.");

    public static readonly Error InsufficientBalance = new("billing.insufficient_balance", "Your balance does not cover this invoice.");

    public static readonly Error BalanceBusy = new("billing.balance_busy", "Your balance is being updated; please try again.");
}
