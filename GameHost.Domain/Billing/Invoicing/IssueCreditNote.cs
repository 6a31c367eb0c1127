using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Invoicing;

/// <param name="RequestId">Generated when the credit-note form opened: the same id never issues a second note.</param>
/// <param name="Lines">Gross to credit per invoice line; null or empty credits everything that remains.</param>
public sealed record IssueCreditNoteCommand(Guid ActorUserId, Guid InvoiceId, string RequestId, string? Reason, IReadOnlyList<CreditLineRequest>? Lines);

/// <param name="Replayed">The request id had already issued this note: nothing new was written.</param>
public sealed record IssuedCreditNote(Guid CreditNoteId, string Number, Money GrossTotal, bool Replayed);

/// <summary>
/// Gives back all or part of a paid invoice: in ONE save, the credit note (next number of the <c>CN</c> series, lines
/// frozen, buyer copied from the invoice), the credited gross on the customer's balance as one ledger transaction
/// keyed by the note, the invoice's credited total, and the audit entry. Administrators only: it moves money.
/// </summary>
public sealed class IssueCreditNote(IDbContextFactory<GameHostDbContext> contexts, LedgerPosting ledger, AuditLog audit, TimeProvider time)
{
    public const int MaxAttempts = 10;

    public const string AuditAction = "billing.credit_note_issued";

    public async Task<Result<IssuedCreditNote>> ExecuteAsync(IssueCreditNoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > CreditNote.MaxRequestIdLength)
        {
            return InvoicingErrors.InvalidRequestId;
        }

        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return InvoicingErrors.ReasonRequired;
        }

        if (reason.Length > CreditNote.MaxReasonLength)
        {
            return InvoicingErrors.ReasonTooLong;
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var outcome = await TryIssueAsync(command, requestId, reason, cancellationToken);
            if (outcome is not null)
            {
                return outcome.Value;
            }
        }

        return InvoicingErrors.Busy;
    }

    private async Task<Result<IssuedCreditNote>?> TryIssueAsync(IssueCreditNoteCommand command, string requestId, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken) is not { } actor)
        {
            return InvoicingErrors.ActorNotAdmin;
        }

        if (await FindAsync(db, requestId, command.InvoiceId, cancellationToken) is { } done)
        {
            return done;
        }

        var invoice = await db.Invoices().Include(i => i.Lines)
            .FirstOrDefaultAsync(i => i.Id == command.InvoiceId && i.Status != InvoiceStatus.Draft, cancellationToken);
        if (invoice is null)
        {
            return InvoicingErrors.InvoiceNotFound;
        }

        if (invoice.Status != InvoiceStatus.Paid)
        {
            return InvoicingErrors.NotPaid;
        }

        var amounts = CreditNoteCalculator.Amounts(invoice, await CreditedAsync(db, invoice.Id, cancellationToken), command.Lines);
        if (!amounts.IsSuccess)
        {
            return amounts.Error;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var creditedBefore = invoice.CreditedTotal.ToString();
        var number = await TakeNumberAsync(db, cancellationToken);
        var note = CreditNote.Issue(invoice, requestId, number, reason, amounts.Value, actor, now);
        db.CreditNotes().Add(note);
        if (note.GrossTotal.Minor > 0)
        {
            await ledger.PostAsync(db, new PostingRequest(note.LedgerKey, CreditNote.TransactionKind,
                $"Credit note {note.DisplayNumber} for invoice {invoice.DisplayNumber}",
                [Posting.System(LedgerAccountKind.InvoicesSettled, -note.GrossTotal), Posting.Customer(invoice.CustomerId, note.GrossTotal)],
                invoice.CustomerId, invoice.Id, actor.UserId), cancellationToken);
        }

        audit.Record(db, actor, AuditAction, "Invoice", invoice.Id.ToString("D"), new { Credited = creditedBefore },
            new { CreditNote = note.DisplayNumber, Amount = note.GrossTotal.ToString(), Reason = reason, Lines = note.Lines.Select(l => new { l.InvoiceLinePosition, Gross = l.Gross.ToString() }) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new IssuedCreditNote(note.Id, note.DisplayNumber, note.GrossTotal, Replayed: false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null; // Another note took the number or credited the invoice, or the balance moved: read again.
        }
        catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return null; // The same request saved first (the next attempt answers with it), or a new series row raced.
        }
    }

    /// <summary>The next number of the credit-note series, taken in the caller's save (gapless like invoices).</summary>
    internal static async Task<long> TakeNumberAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.InvoiceNumberSeries().FirstOrDefaultAsync(s => s.Series == CreditNote.Series, cancellationToken);
        if (row is null)
        {
            row = new InvoiceNumberSeries { Series = CreditNote.Series, NextNumber = 1 };
            db.InvoiceNumberSeries().Add(row);
        }

        return row.Take();
    }

    /// <summary>Net and tax already credited per invoice line id.</summary>
    internal static async Task<IReadOnlyDictionary<long, (long Net, long Tax)>> CreditedAsync(GameHostDbContext db, Guid invoiceId, CancellationToken cancellationToken)
    {
        var lines = await db.CreditNotes().AsNoTracking().Where(n => n.InvoiceId == invoiceId).SelectMany(n => n.Lines).ToListAsync(cancellationToken);
        return lines.GroupBy(l => l.InvoiceLineId).ToDictionary(g => g.Key, g => (g.Sum(l => l.Net.Minor), g.Sum(l => l.Tax.Minor)));
    }

    private static async Task<Result<IssuedCreditNote>?> FindAsync(GameHostDbContext db, string requestId, Guid invoiceId, CancellationToken cancellationToken)
    {
        var note = await db.CreditNotes().AsNoTracking().FirstOrDefaultAsync(n => n.RequestId == requestId, cancellationToken);
        if (note is null)
        {
            return null;
        }

        return note.InvoiceId == invoiceId
            ? new IssuedCreditNote(note.Id, note.DisplayNumber, note.GrossTotal, Replayed: true)
            : InvoicingErrors.RequestIdReused;
    }
}
