namespace GameHost.Domain.Billing.Renewals;

/// <summary>When renewal invoices are issued and how big a unit of work the sweep saves at once.</summary>
public sealed class RenewalOptions
{
    public const string Section = "GameHost:Billing:Renewals";

    /// <summary>How many days before the paid time ends the renewal invoice is issued (and paid from balance).</summary>
    public int LeadDays { get; set; } = 7;

    /// <summary>Subscriptions renewed per transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// On SQLite, the page cache (in MiB) of the connection a batch runs on; 0 leaves the connection's own setting.
    /// Every renewal inserts into indexes keyed by random ids, so with SQLite's default cache (2 MiB) most of those
    /// inserts read their pages again; a cache that holds the hot index pages keeps them in memory between batches of a run.
    /// </summary>
    public int SqlitePageCacheMiB { get; set; } = 64;
}
