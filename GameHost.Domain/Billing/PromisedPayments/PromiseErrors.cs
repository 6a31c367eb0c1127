using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.PromisedPayments;

/// <summary>Stable codes for promised payments; the UI shows each in plain words.</summary>
public static class PromiseErrors
{
    public static readonly Error InvalidRequestId = Error.Validation("RequestId", "billing.promise_invalid_request_id",
        "The form has no valid request id; reload the page.");

    public static readonly Error InvoiceNotFound = new("billing.promise_invoice_not_found", "No such invoice.");

    public static readonly Error NotARenewal = new("billing.promise_not_renewal", "A promised payment is only for the renewal of a running service.");

    public static readonly Error InvoiceNotOpen = new("billing.promise_invoice_not_open", "This invoice is not waiting for payment.");

    public static readonly Error ServiceNotActive = new("billing.promise_service_not_active",
        "The service is not running (suspended or ended); pay the invoice to start it again.");

    public static readonly Error NotDueYet = new("billing.promise_not_due_yet", "The invoice is not due yet; a promised payment is offered from its due date.");

    public static readonly Error AlreadyTaken = new("billing.promise_already_taken", "A promised payment was already taken for this invoice.");

    public static readonly Error NotAllowed = new("billing.promise_not_allowed", "Promised payments are not offered to your account.");

    public static readonly Error AmountTooHigh = new("billing.promise_amount_too_high", "This invoice is larger than a promised payment may cover.");

    public static readonly Error TooMany = new("billing.promise_too_many", "You have used all promised payments allowed for this period.");

    public static readonly Error NotInGoodStanding = new("billing.promise_not_in_good_standing",
        "Another invoice is overdue; pay it before taking a promised payment.");

    public static readonly Error PreviousUnpaid = new("billing.promise_previous_unpaid", "A previous promised payment was not paid.");

    public static readonly Error Busy = new("billing.promise_busy", "Your account is being updated; please try again.");

    public static readonly Error ActorNotAdmin = new("billing.dunning_actor_not_admin", "Only administrators can change billing groups and dunning settings.");

    public static readonly Error GroupNotFound = new("billing.group_not_found", "No such billing group.");

    public static readonly Error GroupNameTaken = Error.Validation("Name", "billing.group_name_taken", "Another billing group has this name.");

    public static readonly Error CustomerNotFound = Error.Validation("Customer", "billing.group_customer_not_found", "No customer with this e-mail address.");
}
