namespace GameHost.Domain.Accounts.Customers;

/// <summary>What a customer's account can do right now, most restrictive first when several apply.</summary>
public enum CustomerStatus
{
    Active = 0,
    EmailUnconfirmed = 1,

    /// <summary>Too many failed sign-ins: Identity's lockout, until <c>LockedOutUntilUtc</c>.</summary>
    LockedOut = 2,

    /// <summary>Locked by hand by staff until unlocked by staff.</summary>
    LockedByStaff = 3,
}

internal static class CustomerStatusRules
{
    public static CustomerStatus Of(bool lockedByStaff, bool lockoutEnabled, DateTimeOffset? lockoutEnd, bool emailConfirmed, DateTime nowUtc)
    {
        if (lockedByStaff)
        {
            return CustomerStatus.LockedByStaff;
        }

        if (LockedOutUntil(lockoutEnabled, lockoutEnd, nowUtc) is not null)
        {
            return CustomerStatus.LockedOut;
        }

        return emailConfirmed ? CustomerStatus.Active : CustomerStatus.EmailUnconfirmed;
    }

    /// <summary>The end of an automatic lockout still running, as a UTC instant; null when there is none.</summary>
    public static DateTime? LockedOutUntil(bool lockoutEnabled, DateTimeOffset? lockoutEnd, DateTime nowUtc) =>
        lockoutEnabled && lockoutEnd is { } end && end.UtcDateTime > nowUtc ? end.UtcDateTime : null;
}
