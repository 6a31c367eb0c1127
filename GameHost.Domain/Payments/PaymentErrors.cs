using GameHost.Domain.Common;

namespace GameHost.Domain.Payments;

public static class PaymentErrors
{
    public static readonly Error InvalidAmount = Error.Validation("Amount", "payments.invalid_amount", "The amount must be more than zero.");

    public static readonly Error InvalidTransactionId = Error.Validation("TransactionId", "payments.invalid_transaction_id",
        "Give the payment's reference (1–150 characters).");

    public static readonly Error CustomerNotFound = Error.Validation("Customer", "payments.customer_not_found", "No customer with a billing profile matches.");

    public static readonly Error CurrencyMismatch = Error.Validation("Amount", "payments.currency_mismatch",
        "The customer's account is kept in another currency; nothing is converted.");

    public static readonly Error InvoiceNotFound = Error.Validation("Invoice", "payments.invoice_not_found", "No such invoice for this customer.");

    public static readonly Error ReceivedInFuture = Error.Validation("ReceivedAt", "payments.received_in_future", "The payment cannot have arrived in the future.");

    public static readonly Error TransactionIdReused = new("payments.transaction_id_reused",
        "This reference was already recorded for a different customer or amount; check the bank statement.");

    public static readonly Error Busy = new("payments.busy", "The account is being updated by another payment; please try again.");
}
