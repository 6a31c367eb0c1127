using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Changes;

/// <summary>Stable codes for changing and cancelling a running service; the UI maps each code to localized words.</summary>
public static class ChangesErrors
{
    public static readonly Error ServiceNotFound = new("billing.change_service_not_found", "No such service.");

    public static readonly Error ServiceNotActive = new("billing.change_service_not_active",
        "Only a running, paid service can be changed or cancelled (not one waiting for payment, suspended or ended).");

    public static readonly Error NotPrepaid = new("billing.change_not_prepaid", "Only a prepaid service billed by period can be changed here.");

    public static readonly Error DifferentGame = new("billing.change_different_game", "The new tariff must be for the same game.");

    public static readonly Error CurrencyMismatch = new("billing.change_currency_mismatch",
        "Your account currency differs from the service's currency; nothing is converted, so the service cannot be changed.");

    public static readonly Error NoChange = new("billing.change_nothing", "The new tariff and add-ons are the same as now.");

    public static readonly Error ChangePending = new("billing.change_pending",
        "Another change of this service waits for its invoice to be paid; pay or wait for it first.");

    public static readonly Error EndingService = new("billing.change_service_ending",
        "The service is cancelled at the end of its period; undo the cancellation before changing it.");

    public static readonly Error InvalidRequestId = Error.Validation("RequestId", "billing.change_invalid_request_id",
        "The form has no valid request id; reload the page.");

    public static readonly Error RequestIdReused = new("billing.change_request_id_reused", "This form was already used for something else; reload the page.");

    public static readonly Error Busy = new("billing.change_busy", "The service is being updated right now; please try again.");

    public static readonly Error NotCancelledAtPeriodEnd = new("billing.cancel_not_scheduled", "The service is not set to end at the end of its period.");

    public static readonly Error SettingsActorNotAdmin = new("billing.change_settings_not_admin", "Only administrators can change the cancellation rules.");

    public static readonly Error FeeOutOfRange = Error.Validation("CancellationFeePercent", "billing.cancel_fee_out_of_range",
        "The cancellation fee must be between 0 and 100 %.");
}
