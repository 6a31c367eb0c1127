namespace GameHost.Domain.Billing.Renewals;

/// <summary>When renewal invoices are issued and how big a unit of work the sweep saves at once.</summary>
public sealed class RenewalOptions
{
    public const string Section = "GameHost:Billing:Renewals";

    /// <summary>How many days before the paid time ends the renewal invoice is issued (and paid from balance).</summary>
    public int LeadDays { get; set; } = 7;

    /// <summary>Subscriptions renewed per transaction.</summary>
    public int BatchSize { get; set; } = 1000;
}
