using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Invoicing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>Why no (more) money can be refunded from a payment through the refund form.</summary>
public enum RefundBlock
{
    None = 0,

    /// <summary>Held for review: release it or refund it as a whole from the review.</summary>
    HeldForReview = 1,

    /// <summary>It paid no invoice (a top-up): a refund needs a paid invoice to credit.</summary>
    NoInvoice = 2,

    /// <summary>The invoice it named is not paid (still open, void…).</summary>
    InvoiceNotPaid = 3,

    /// <summary>Everything that can be given back has been.</summary>
    NothingLeft = 4,
}

/// <param name="ToOriginalMethod">Paid back through the gateway; false: the money went to the customer's balance.</param>
/// <param name="CreditNoteNumber">The credit note that reversed the invoice; null for a held payment refunded as a whole.</param>
/// <param name="Unclear">The gateway never clearly answered: the refund check re-reads it; <paramref name="CheckNote"/> says what it last heard.</param>
public sealed record PaymentRefundRow(
    Guid Id, Money Amount, bool ToOriginalMethod, string? GatewayRefundId, string Reason, string? CreditNoteNumber, string ActorName, DateTime CreatedAtUtc,
    bool Unclear = false, string? CheckNote = null, DateTime? LastCheckedAtUtc = null);

/// <param name="GatewayName">The configured account's name, when the payment came through one.</param>
/// <param name="Expected">What the attempt asked for, when it came from one (differs when held for review).</param>
/// <param name="Refundable">What the refund form accepts at most now.</param>
/// <param name="CanRefundInFull">The gateway can give the whole payment back to the original method.</param>
/// <param name="CanRefundPart">The gateway can give part of it back to the original method.</param>
public sealed record PaymentDetails(
    Guid Id, string Gateway, string? GatewayName, string TransactionId, Guid CustomerId, string CustomerName, string CustomerEmail,
    Guid? InvoiceId, string? InvoiceNumber, InvoiceStatus? InvoiceStatus, Money Amount, Money? Expected, PaymentFlag Flag, bool HeldForReview,
    string? Note, DateTime ReceivedAtUtc, DateTime RecordedAtUtc, IReadOnlyList<PaymentRefundRow> Refunds, Money Refunded, Money Refundable,
    RefundBlock Block, bool CanRefundInFull, bool CanRefundPart);

public sealed record PaymentSummaryRow(
    Guid Id, string Gateway, string TransactionId, Guid? InvoiceId, string? InvoiceNumber, Money Amount, Money Refunded, PaymentFlag Flag, bool HeldForReview,
    DateTime ReceivedAtUtc);

/// <summary>Reads for the staff payment page (refunds, what is left to refund) and the payments shown on an invoice or a customer.</summary>
public sealed class PaymentDetailsQuery(IDbContextFactory<GameHostDbContext> contexts, GatewayRegistry registry)
{
    public async Task<PaymentDetails?> DetailsAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var payment = await db.Payments().AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null)
        {
            return null;
        }

        var customer = await db.Users.AsNoTracking().Where(u => u.Id == payment.CustomerId).Select(u => new { u.FullName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        var invoice = payment.InvoiceId is { } invoiceId ? await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId, cancellationToken) : null;
        var account = payment.GatewayAccountId is { } accountId ? await db.GatewayAccounts().AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken) : null;
        var expected = payment.AttemptId is { } attemptId
            ? await db.PaymentAttempts().AsNoTracking().Where(a => a.Id == attemptId).Select(a => (Money?)a.Amount).FirstOrDefaultAsync(cancellationToken)
            : null;
        var refunds = await (from r in db.PaymentRefunds().AsNoTracking()
                             where r.PaymentId == paymentId
                             join u in db.Users on r.ActorUserId equals u.Id into actors
                             from u in actors.DefaultIfEmpty()
                             join n in db.CreditNotes() on r.CreditNoteId equals n.Id into notes
                             from n in notes.DefaultIfEmpty()
                             orderby r.CreatedAtUtc
                             select new { r, Actor = u == null ? null : u.Email, Note = n }).ToListAsync(cancellationToken);
        var rows = refunds.Select(x => new PaymentRefundRow(x.r.Id, x.r.Amount, x.r.ToOriginalMethod, x.r.GatewayRefundId, x.r.Reason, x.Note?.DisplayNumber,
            x.Actor ?? "", x.r.CreatedAtUtc, x.r.State == PaymentRefundState.Unclear, x.r.LastCheckNote, x.r.LastCheckedAtUtc)).ToList();
        var refunded = new Money(rows.Sum(r => r.Amount.Minor), payment.Amount.Currency);
        var (left, block) = Refundable(payment, invoice, refunded.Minor);
        var capabilities = account is not null && registry.Find(account.GatewayCode) is { } gateway ? gateway.Capabilities : GatewayCapabilities.None;
        return new PaymentDetails(payment.Id, payment.Gateway, account?.DisplayName, payment.GatewayTransactionId, payment.CustomerId, customer?.FullName ?? "",
            customer?.Email ?? "", payment.InvoiceId, invoice?.DisplayNumber, invoice?.Status, payment.Amount, expected, payment.Flag, payment.HeldForReview,
            payment.Note, payment.ReceivedAtUtc, payment.RecordedAtUtc, rows, refunded, new Money(left, payment.Amount.Currency), block,
            capabilities.HasFlag(GatewayCapabilities.Refund), capabilities.HasFlag(GatewayCapabilities.PartialRefund));
    }

    /// <summary>
    /// What a refund may still give back, by the rule <see cref="RefundPayment"/> applies: no more than what is left of the
    /// payment, and no more than what is left of the invoice after its credit notes.
    /// </summary>
    public static (long LeftMinor, RefundBlock Block) Refundable(Payment payment, Invoice? invoice, long refundedMinor)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.HeldForReview)
        {
            return (0, RefundBlock.HeldForReview);
        }

        if (payment.InvoiceId is null || invoice is null)
        {
            return (0, RefundBlock.NoInvoice);
        }

        if (invoice.Status != InvoiceStatus.Paid)
        {
            return (0, RefundBlock.InvoiceNotPaid);
        }

        var left = Math.Max(0, Math.Min(payment.Amount.Minor - refundedMinor, invoice.GrossTotal.Minor - invoice.CreditedTotal.Minor));
        return (left, left == 0 ? RefundBlock.NothingLeft : RefundBlock.None);
    }

    public async Task<IReadOnlyList<PaymentSummaryRow>> ForInvoiceAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SummariesAsync(db, db.Payments().AsNoTracking().Where(p => p.InvoiceId == invoiceId), 50, cancellationToken);
    }

    public async Task<IReadOnlyList<PaymentSummaryRow>> ForCustomerAsync(Guid customerId, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SummariesAsync(db, db.Payments().AsNoTracking().Where(p => p.CustomerId == customerId), take, cancellationToken);
    }

    private static async Task<IReadOnlyList<PaymentSummaryRow>> SummariesAsync(GameHostDbContext db, IQueryable<Payment> payments, int take, CancellationToken cancellationToken)
    {
        var rows = await (from p in payments
                          join i in db.Invoices() on p.InvoiceId equals i.Id into invoices
                          from i in invoices.DefaultIfEmpty()
                          orderby p.RecordedAtUtc descending
                          select new
                          {
                              p,
                              Series = i == null ? null : i.Series,
                              Number = i == null ? (long?)null : i.Number,
                              Refunded = db.PaymentRefunds().Where(r => r.PaymentId == p.Id).Sum(r => (long?)r.Amount.Minor) ?? 0,
                          }).Take(Math.Clamp(take, 1, 200)).ToListAsync(cancellationToken);
        return rows.Select(r => new PaymentSummaryRow(r.p.Id, r.p.Gateway, r.p.GatewayTransactionId, r.p.InvoiceId, InvoiceNumbering.Format(r.Series, r.Number),
            r.p.Amount, new Money(r.Refunded, r.p.Amount.Currency), r.p.Flag, r.p.HeldForReview, r.p.ReceivedAtUtc)).ToList();
    }
}
