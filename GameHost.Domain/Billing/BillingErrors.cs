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

    public static readonly Error RefundActorNotAdmin = new("billing.refund_actor_not_admin", "Only administrators can refund an order.");

    public static readonly Error RefundOrderNotFound = new("billing.refund_order_not_found", "No such order.");

    public static readonly Error RefundNotPaid = new("billing.refund_not_paid",
        "The order's invoice is not paid (or the service is suspended for an unpaid renewal); there is nothing to refund.");

    public static readonly Error RefundAlreadyDelivered = new("billing.refund_already_delivered",
        "The server was delivered to the customer; only an order whose server was never created can be refunded here.");

    public static readonly Error RefundAlreadyRefunded = new("billing.refund_already_refunded",
        "The order is already cancelled or refunded; nothing was changed.");

    public static readonly Error RefundNothingPaid = new("billing.refund_nothing_paid",
        "Nothing was paid for this order; cancel its provisioning task instead.");

    public static readonly Error RefundProvisioningRunning = new("billing.refund_provisioning_running",
        "The panel is working on this server right now; try again in a minute.");

    public static readonly Error RefundReasonRequired = Error.Validation("Reason", "billing.refund_reason_required", "Say why the order is refunded.");

    public static readonly Error RefundReasonTooLong = Error.Validation("Reason", "billing.refund_reason_too_long", "The reason is limited to 500 characters.");
}
