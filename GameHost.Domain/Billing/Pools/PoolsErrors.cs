using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Pools;

public static class PoolsErrors
{
    public static readonly Error PlanNotFound = new("billing.pool_plan_not_found", "No such pool plan.");

    public static readonly Error PlanNotForSale = new("billing.pool_plan_not_for_sale", "This pool is not sold for this period in your currency.");

    public static readonly Error PoolNotFound = new("billing.pool_not_found", "No such pool.");

    public static readonly Error PoolNotActive = new("billing.pool_not_active", "The pool is not paid or has ended; servers can be created only in an active pool.");

    public static readonly Error ServerNotFound = new("billing.pool_server_not_found", "No such server in this pool.");

    public static readonly Error PoolFull = new("billing.pool_full",
        "The pool has not enough memory, disk, CPU or server slots left for this server.");

    public static readonly Error SizeInvalid = Error.Validation("MemoryMb", "billing.pool_size_invalid",
        "Give the server at least 256 MiB of memory, 1024 MiB of disk and 10 % CPU.");

    public static readonly Error TariffNotUsable = Error.Validation("TariffId", "billing.pool_tariff_not_usable",
        "Choose a game tariff that is on sale.");

    public static readonly Error LocationNotOffered = Error.Validation("LocationId", "billing.pool_location_not_offered",
        "This game is not offered in that location.");

    public static readonly Error PlanInvalid = Error.Validation("Plan", "billing.pool_plan_invalid",
        "Give the plan an English name, positive sizes, at least one server and at least one price.");

    public static readonly Error NotAdmin = new("billing.pool_not_admin", "Only administrators can edit pool plans.");

    public static readonly Error PoolNotRunning = new("billing.pool_not_running",
        "Only a paid, running pool can be resized or cancelled (not one waiting for payment, suspended or ended).");

    public static readonly Error PoolEnding = new("billing.pool_ending",
        "The pool is cancelled at the end of its period; undo the cancellation before resizing it.");

    public static readonly Error SamePlan = new("billing.pool_resize_same_plan", "The pool already has this size.");

    public static readonly Error ResizeBelowUsage = new("billing.pool_resize_below_usage",
        "The servers in the pool use more than the smaller size gives; shrink or delete servers first.");

    public static readonly Error ResizePending = new("billing.pool_resize_pending",
        "Another resize of this pool waits for its invoice to be paid; pay or wait for it first.");

    public static readonly Error CurrencyMismatch = new("billing.pool_currency_mismatch",
        "Your account currency differs from the pool's currency; nothing is converted, so the pool cannot be resized.");

    public static readonly Error Busy = new("billing.pool_busy", "The pool was changed at the same moment; please try again.");
}
