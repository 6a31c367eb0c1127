namespace GameHost.Domain.Billing.Changes;

/// <summary>Settings for changes of running services and pools (section <c>GameHost:Billing:Changes</c>).</summary>
public sealed class ChangesOptions
{
    public const string Section = "GameHost:Billing:Changes";

    /// <summary>
    /// An upgrade (or a bigger pool) whose invoice is still unpaid this many days after it was confirmed is dropped and
    /// its invoice voided; it is dropped sooner when the paid period it was priced for ends.
    /// </summary>
    public int UnpaidUpgradeVoidDays { get; set; } = 7;
}
