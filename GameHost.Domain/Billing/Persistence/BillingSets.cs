using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Persistence;

/// <summary>Billing's tables on the shared context (the context itself stays free of feature members).</summary>
public static class BillingSets
{
    public static DbSet<Subscription> Subscriptions(this GameHostDbContext db) => Sets(db).Set<Subscription>();

    public static DbSet<Invoice> Invoices(this GameHostDbContext db) => Sets(db).Set<Invoice>();

    public static DbSet<InvoiceNumberSeries> InvoiceNumberSeries(this GameHostDbContext db) => Sets(db).Set<InvoiceNumberSeries>();

    public static DbSet<Ledger.LedgerAccount> LedgerAccounts(this GameHostDbContext db) => Sets(db).Set<Ledger.LedgerAccount>();

    public static DbSet<Ledger.LedgerTransaction> LedgerTransactions(this GameHostDbContext db) => Sets(db).Set<Ledger.LedgerTransaction>();

    public static DbSet<Ledger.LedgerEntry> LedgerEntries(this GameHostDbContext db) => Sets(db).Set<Ledger.LedgerEntry>();

    private static GameHostDbContext Sets(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}
