using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Invoicing;

/// <summary>Stable codes of the staff invoice actions and credit notes; the UI maps each to localized words.</summary>
public static class InvoicingErrors
{
    public static readonly Error ActorNotAdmin = new("billing.invoice_actor_not_admin", "Only administrators can void, write off or credit invoices.");

    public static readonly Error InvoiceNotFound = new("billing.invoice_not_found", "No such invoice.");

    public static readonly Error NotOpen = new("billing.invoice_not_open", "Only an open (unpaid) invoice can be voided or written off.");

    public static readonly Error NotPaid = new("billing.credit_note_invoice_not_paid", "Only a paid invoice can be credited.");

    public static readonly Error ReasonRequired = Error.Validation("Reason", "billing.invoice_reason_required", "Say why.");

    public static readonly Error ReasonTooLong = Error.Validation("Reason", "billing.invoice_reason_too_long", "The reason is limited to 500 characters.");

    public static readonly Error InvalidRequestId = Error.Validation("RequestId", "billing.invalid_request_id",
        "The form has no valid request id; reload the page.");

    public static readonly Error RequestIdReused = new("billing.request_id_reused", "This form was already used for another credit note; reload the page.");

    public static readonly Error NothingLeftToCredit = new("billing.credit_note_nothing_left", "This invoice has been credited in full already.");

    public static readonly Error LineUnknown = Error.Validation("Lines", "billing.credit_note_line_unknown", "The invoice has no such line.");

    public static readonly Error LineRepeated = Error.Validation("Lines", "billing.credit_note_line_repeated", "Each line can be named once.");

    public static readonly Error AmountInvalid = Error.Validation("Lines", "billing.credit_note_amount_invalid", "Each amount to credit must be more than zero.");

    public static readonly Error ExceedsLine = Error.Validation("Lines", "billing.credit_note_exceeds_line",
        "A line cannot be credited beyond what remains uncredited on it.");

    public static readonly Error ExceedsInvoice = Error.Validation("Lines", "billing.credit_note_exceeds_invoice",
        "The credit would exceed what remains uncredited on the invoice.");

    public static readonly Error CurrencyMismatch = Error.Validation("Lines", "billing.currency_mismatch",
        "The amount is in another currency than the invoice; nothing is converted.");

    public static readonly Error Busy = new("billing.invoice_busy", "The invoice is being changed right now; please try again.");
}
