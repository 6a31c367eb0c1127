using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Triggers;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GameHost.Domain.Billing.Notices;

/// <summary>
/// Raises <c>billing.invoice_issued</c> for every invoice a save issues (inserted with a number, or numbered since it
/// was read), in that same save: orders, renewals, pools, products, upgrades, postpaid months and pay-ahead alike,
/// without each of them having to remember it. A renewal batch of any size costs the same few reads. The key is the
/// invoice's id: a later save that touches the issued invoice, or a re-run sweep, adds nothing.
/// An invoice the same save already paid from the balance (a renewal or order the balance covered) does not ask for
/// payment by a date: its <c>payment_status</c> says it was paid from the balance and what the balance is now
/// (<c>balance</c>), read once per save for all such invoices.
/// </summary>
public sealed class InvoiceIssuedNotices(Notifier notifier) : NotifyOnSave<Invoice>(notifier)
{
    public static string Key(Guid invoiceId) => $"invoice-issued:{invoiceId:N}";

    public static string Link(Guid invoiceId) => $"/cabinet/billing/invoices/{invoiceId:D}";

    protected override bool Happened(EntityEntry<Invoice> entry) =>
        entry.Entity.Number is not null
        && (entry.State == EntityState.Added
            || (entry.State == EntityState.Modified && entry.Property(i => i.Number).OriginalValue is null));

    protected override Guid Recipient(Invoice entity) => entity.CustomerId;

    protected override NotifyRequest Request(Invoice entity, string language) => Request(entity, language, balance: null);

    /// <summary>The balances after this save of the customers whose new invoices it paid from their balance.</summary>
    protected override async Task<Func<Invoice, string, NotifyRequest>> PrepareAsync(
        GameHostDbContext db, IReadOnlyList<Invoice> happened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(happened);
        var codes = happened.Where(PaidFromBalance).Select(BalanceAccount).Distinct().ToList();
        if (codes.Count == 0)
        {
            return Request;
        }

        // A save that pays from the balance carries the account it changed; rows written beside the change tracker
        // (a renewal batch) are already in the database, in the same transaction.
        var balances = db.ChangeTracker.Entries<LedgerAccount>()
            .Where(e => codes.Contains(e.Entity.Code))
            .ToDictionary(e => e.Entity.Code, e => e.Entity.Balance, StringComparer.Ordinal);
        var missing = codes.Where(c => !balances.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            foreach (var account in await db.LedgerAccounts().AsNoTracking()
                         .Where(a => missing.Contains(a.Code)).Select(a => new { a.Code, a.Balance }).ToListAsync(cancellationToken))
            {
                balances[account.Code] = account.Balance;
            }
        }

        return (invoice, language) => Request(invoice, language, balances.TryGetValue(BalanceAccount(invoice), out var balance) ? balance : null);
    }

    private static bool PaidFromBalance(Invoice invoice) => invoice.Status == InvoiceStatus.Paid && !invoice.GrossTotal.IsZero;

    private static string BalanceAccount(Invoice invoice) => LedgerAccount.CustomerCode(invoice.CustomerId, invoice.Currency);

    private static NotifyRequest Request(Invoice entity, string language, Money? balance) => new(
        NotificationCatalogue.Codes.InvoiceIssued,
        entity.CustomerId,
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["invoice_number"] = entity.DisplayNumber,
            ["amount"] = NotificationValues.Amount(entity.GrossTotal, language),
            ["due_date"] = entity.DueAtUtc is { } due ? NotificationValues.Date(due, language) : null,
            ["balance"] = balance is { } b ? NotificationValues.Amount(b, language) : null,
            ["payment_status"] = PaymentStatus(entity, language, balance),
        },
        Key(entity.Id),
        Link(entity.Id));

    /// <summary>What the customer has to do about the invoice, as one sentence in their language.</summary>
    private static string? PaymentStatus(Invoice invoice, string language, Money? balance) => invoice.Status switch
    {
        InvoiceStatus.Paid when invoice.GrossTotal.IsZero => NotificationValues.Text("InvoiceStatus.NothingToPay", language),
        InvoiceStatus.Paid when balance is { } b => NotificationValues.Text("InvoiceStatus.PaidFromBalance", language, NotificationValues.Amount(b, language)),
        InvoiceStatus.Paid => NotificationValues.Text("InvoiceStatus.Paid", language),
        _ when invoice.DueAtUtc is { } due => NotificationValues.Text("InvoiceStatus.Due", language, NotificationValues.Date(due, language)),
        _ => null,
    };
}
