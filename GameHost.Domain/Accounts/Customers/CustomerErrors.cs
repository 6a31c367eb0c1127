using GameHost.Domain.Common;

namespace GameHost.Domain.Accounts.Customers;

/// <summary>Stable codes for the customer use cases; the UI maps each code to localized words.</summary>
public static class CustomerErrors
{
    public static readonly Error NotFound = new("customers.not_found", "No customer with this id.");

    public static readonly Error NotACustomer = new("customers.not_a_customer", "Only customers can be locked or unlocked; staff accounts cannot.");

    public static readonly Error ActorNotStaff = new("customers.actor_not_staff", "Only staff can lock or unlock customers.");

    public static readonly Error ReasonRequired = Error.Validation("Reason", "customers.reason_required", "Say why the account is locked.");

    public static readonly Error ReasonTooLong = Error.Validation("Reason", "customers.reason_too_long", $"The reason is limited to {CustomerAccess.MaxReasonLength} characters.");

    public static readonly Error ChangedMeanwhile = new("customers.changed_meanwhile", "The account changed while you were acting on it; reload and try again.");
}
