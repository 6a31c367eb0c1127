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
    /// SQLite page cache of the run's writing connection, in MiB, for the length of the run (0 keeps the connection's
    /// own). Every renewal inserts into indexes keyed by random ids (the invoice and ledger keys, the customers); at
    /// 100,000 services they outgrow SQLite's default 2 MiB, and each batch then reads pages back that it had just
    /// written. The connection gets its own size back when the run ends.
    /// </summary>
    public int WriterCacheMiB { get; set; } = 64;
}
