using System.Globalization;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Invoicing;

/// <param name="Search">Part of the customer's e-mail or name, or an invoice number (<c>INV-000042</c> or <c>42</c>).</param>
/// <param name="FromUtc">Issued at or after.</param>
/// <param name="ToUtc">Issued before.</param>
public sealed record AdminInvoiceFilter(InvoiceStatus? Status = null, string? Search = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

public sealed record AdminInvoiceRow(
    Guid Id, string Number, InvoiceStatus Status, Guid CustomerId, string CustomerName, string CustomerEmail, Money GrossTotal, Money Credited,
    DateTime IssuedAtUtc, DateTime? DueAtUtc);

public sealed record AdminInvoiceLine(
    int Position, InvoiceLineKind Kind, LocalizedText Description, int Quantity, Money Net, Money Tax, Money Gross, int TaxRateBasisPoints,
    TaxTreatment TaxTreatment, Money Credited)
{
    public Money Remaining => Gross - Credited;
}

/// <summary>A ledger movement caused by the invoice, as seen from the customer's balance (signed).</summary>
public sealed record InvoiceMovement(DateTime AtUtc, string Kind, string Description, Money BalanceChange);

public sealed record CreditNoteRow(
    Guid Id, string Number, Guid InvoiceId, string InvoiceNumber, Guid CustomerId, string CustomerName, Money GrossTotal, string Reason,
    DateTime IssuedAtUtc, string IssuedBy);

public sealed record AdminInvoiceDetails(
    Guid Id,
    string Number,
    InvoiceStatus Status,
    Currency Currency,
    InvoiceBuyer Buyer,
    Guid CustomerId,
    string CustomerName,
    string CustomerEmail,
    Guid? SubscriptionId,
    DateTime IssuedAtUtc,
    DateTime? DueAtUtc,
    DateTime? PaidAtUtc,
    DateTime? ClosedAtUtc,
    string? CloseReason,
    IReadOnlyList<AdminInvoiceLine> Lines,
    Money NetTotal,
    Money TaxTotal,
    Money GrossTotal,
    Money Credited,
    IReadOnlyList<InvoiceMovement> Movements,
    IReadOnlyList<CreditNoteRow> CreditNotes)
{
    public bool ReverseCharge => Lines.Any(l => l.TaxTreatment == TaxTreatment.ReverseCharge);

    public bool Exempt => Lines.Any(l => l.TaxTreatment == TaxTreatment.Exempt);

    public Money Remaining => GrossTotal - Credited;

    public bool CanClose => Status == InvoiceStatus.Open;

    public bool CanCredit => Status == InvoiceStatus.Paid && Remaining.Minor > 0;
}

public sealed record CreditNoteLineView(int Position, int InvoiceLinePosition, LocalizedText Description, Money Net, Money Tax, Money Gross, int TaxRateBasisPoints);

public sealed record CreditNoteDetails(
    Guid Id, string Number, Guid InvoiceId, string InvoiceNumber, Guid CustomerId, Currency Currency, InvoiceBuyer Buyer, string Reason,
    DateTime IssuedAtUtc, IReadOnlyList<CreditNoteLineView> Lines, Money NetTotal, Money TaxTotal, Money GrossTotal);

/// <summary>Staff's view of invoices and credit notes: lists with filters and paging, one invoice with everything that touched it.</summary>
public sealed class AdminInvoicesQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<PagedList<AdminInvoiceRow>> ListAsync(AdminInvoiceFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        (page, pageSize) = PagedList<AdminInvoiceRow>.Clamp(page, pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = from invoice in db.Invoices().AsNoTracking()
                   join user in db.Users.AsNoTracking() on invoice.CustomerId equals user.Id
                   where invoice.Status != InvoiceStatus.Draft
                   select new { invoice, user.FullName, user.Email };
        if (filter.Status is { } status)
        {
            rows = rows.Where(r => r.invoice.Status == status);
        }

        if (filter.FromUtc is { } from)
        {
            rows = rows.Where(r => r.invoice.IssuedAtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            rows = rows.Where(r => r.invoice.IssuedAtUtc < to);
        }

        var search = filter.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            var number = NumberIn(search);
            var like = "%" + search.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            rows = rows.Where(r => EF.Functions.Like(r.Email!, like) || EF.Functions.Like(r.FullName, like) || r.invoice.Number == number);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.invoice.IssuedAtUtc).ThenByDescending(r => r.invoice.Number)
            .Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedList<AdminInvoiceRow>(items.Select(r => new AdminInvoiceRow(r.invoice.Id, r.invoice.DisplayNumber!, r.invoice.Status,
            r.invoice.CustomerId, r.FullName, r.Email ?? "", r.invoice.GrossTotal, r.invoice.CreditedTotal, r.invoice.IssuedAtUtc!.Value,
            r.invoice.DueAtUtc)).ToList(), total, page, pageSize);
    }

    public async Task<Result<AdminInvoiceDetails>> DetailsAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices().AsNoTracking().Include(i => i.Lines)
            .FirstOrDefaultAsync(i => i.Id == invoiceId && i.Status != InvoiceStatus.Draft, cancellationToken);
        if (invoice is null)
        {
            return InvoicingErrors.InvoiceNotFound;
        }

        var customer = await db.Users.AsNoTracking().Where(u => u.Id == invoice.CustomerId)
            .Select(u => new { u.FullName, u.Email }).FirstAsync(cancellationToken);
        var credited = await IssueCreditNote.CreditedAsync(db, invoice.Id, cancellationToken);
        var customerAccount = LedgerAccount.CustomerCode(invoice.CustomerId, invoice.Currency);
        var movements = await (from transaction in db.LedgerTransactions().AsNoTracking()
                               where transaction.InvoiceId == invoice.Id
                               from entry in transaction.Entries
                               join account in db.LedgerAccounts().AsNoTracking() on entry.AccountId equals account.Id
                               where account.Code == customerAccount
                               select new { transaction.CreatedAtUtc, transaction.Kind, transaction.Description, entry.Amount })
            .ToListAsync(cancellationToken);
        var notes = await CreditNoteRowsAsync(db, db.CreditNotes().AsNoTracking().Where(n => n.InvoiceId == invoice.Id), cancellationToken);
        return new AdminInvoiceDetails(
            invoice.Id, invoice.DisplayNumber!, invoice.Status, invoice.Currency, invoice.Buyer, invoice.CustomerId, customer.FullName,
            customer.Email ?? "", invoice.SubscriptionId, invoice.IssuedAtUtc!.Value, invoice.DueAtUtc, invoice.PaidAtUtc, invoice.ClosedAtUtc,
            invoice.CloseReason,
            invoice.Lines.OrderBy(l => l.Position).Select(l =>
            {
                var done = credited.GetValueOrDefault(l.Id);
                return new AdminInvoiceLine(l.Position, l.Kind, l.Description, l.Quantity, l.Net, l.Tax, l.Gross, l.TaxRateBasisPoints, l.TaxTreatment,
                    new Money(done.Net + done.Tax, invoice.Currency));
            }).ToList(),
            invoice.NetTotal, invoice.TaxTotal, invoice.GrossTotal, invoice.CreditedTotal,
            movements.OrderBy(m => m.CreatedAtUtc).Select(m => new InvoiceMovement(m.CreatedAtUtc, m.Kind, m.Description, m.Amount)).ToList(),
            notes.Items);
    }

    public async Task<PagedList<CreditNoteRow>> CreditNotesAsync(string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        (page, pageSize) = PagedList<CreditNoteRow>.Clamp(page, pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var notes = db.CreditNotes().AsNoTracking();
        var text = search?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            var number = NumberIn(text);
            var like = "%" + text.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            notes = notes.Where(n => n.Number == number || EF.Functions.Like(n.Buyer.Name, like)
                || db.Users.Any(u => u.Id == n.CustomerId && EF.Functions.Like(u.Email!, like)));
        }

        return await CreditNoteRowsAsync(db, notes, cancellationToken, page, pageSize);
    }

    public async Task<Result<CreditNoteDetails>> CreditNoteAsync(Guid creditNoteId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CreditNoteDetailsAsync(db, creditNoteId, null, cancellationToken);
    }

    internal static async Task<Result<CreditNoteDetails>> CreditNoteDetailsAsync(
        GameHostDbContext db, Guid creditNoteId, Guid? customerId, CancellationToken cancellationToken)
    {
        var note = await db.CreditNotes().AsNoTracking().Include(n => n.Lines)
            .FirstOrDefaultAsync(n => n.Id == creditNoteId && (customerId == null || n.CustomerId == customerId), cancellationToken);
        if (note is null)
        {
            return new Error("billing.credit_note_not_found", "No such credit note.");
        }

        var invoice = await db.Invoices().AsNoTracking().Where(i => i.Id == note.InvoiceId).Select(i => new { i.Series, i.Number }).FirstAsync(cancellationToken);
        return new CreditNoteDetails(note.Id, note.DisplayNumber, note.InvoiceId, InvoiceNumbering.Format(invoice.Series, invoice.Number)!, note.CustomerId,
            note.Currency, note.Buyer, note.Reason, note.IssuedAtUtc,
            note.Lines.OrderBy(l => l.Position).Select(l => new CreditNoteLineView(l.Position, l.InvoiceLinePosition, l.Description, l.Net, l.Tax, l.Gross,
                l.TaxRateBasisPoints)).ToList(),
            note.NetTotal, note.TaxTotal, note.GrossTotal);
    }

    internal static async Task<PagedList<CreditNoteRow>> CreditNoteRowsAsync(
        GameHostDbContext db, IQueryable<CreditNote> notes, CancellationToken cancellationToken, int page = 0, int pageSize = PagedList<CreditNoteRow>.MaxPageSize)
    {
        var total = await notes.CountAsync(cancellationToken);
        var rows = await (from note in notes
                          join invoice in db.Invoices().AsNoTracking() on note.InvoiceId equals invoice.Id
                          orderby note.IssuedAtUtc descending, note.Number descending
                          select new { note, invoice.Series, invoice.Number })
            .Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedList<CreditNoteRow>(rows.Select(r => new CreditNoteRow(r.note.Id, r.note.DisplayNumber, r.note.InvoiceId,
            InvoiceNumbering.Format(r.Series, r.Number)!, r.note.CustomerId, r.note.Buyer.Name, r.note.GrossTotal, r.note.Reason, r.note.IssuedAtUtc,
            r.note.IssuedByName)).ToList(), total, page, pageSize);
    }

    /// <summary>The number in <c>INV-000042</c>, <c>CN-7</c> or <c>42</c>; -1 when the text holds no number.</summary>
    private static long NumberIn(string text)
    {
        var digits = new string(text.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
        var looksLikeNumber = text.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetter(c) || c == '-');
        return looksLikeNumber && digits.Length is > 0 and < 18 ? long.Parse(digits, CultureInfo.InvariantCulture) : -1;
    }
}

/// <summary>A customer's own credit notes: all of them, those of one invoice, and one with its lines.</summary>
public sealed class CustomerCreditNotesQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<IReadOnlyList<CreditNoteRow>> ListAsync(Guid customerId, Guid? invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var notes = db.CreditNotes().AsNoTracking().Where(n => n.CustomerId == customerId && (invoiceId == null || n.InvoiceId == invoiceId));
        return (await AdminInvoicesQuery.CreditNoteRowsAsync(db, notes, cancellationToken)).Items;
    }

    public async Task<Result<CreditNoteDetails>> DetailsAsync(Guid customerId, Guid creditNoteId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AdminInvoicesQuery.CreditNoteDetailsAsync(db, creditNoteId, customerId, cancellationToken);
    }
}
