using GameHost.Domain.Catalog;
using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Invoicing;

/// <summary>
/// Gives back all or part of a paid invoice: its own gapless series (<see cref="Series"/>), lines with net, tax and
/// gross frozen when issued, the buyer as the invoice named them, and the reason. Issued complete, never edited.
/// </summary>
public sealed class CreditNote
{
    public const string Series = "CN";

    public const int MaxRequestIdLength = 100;

    public const int MaxReasonLength = 500;

    private readonly List<CreditNoteLine> _lines = [];

    private CreditNote()
    {
    }

    public Guid Id { get; private set; }

    public Guid InvoiceId { get; private set; }

    public Guid CustomerId { get; private set; }

    /// <summary>The form (or the process) that issued it, unique: the same request never issues a second note.</summary>
    public string RequestId { get; private set; } = "";

    public string NumberSeries { get; private set; } = Series;

    public long Number { get; private set; }

    public Currency Currency { get; private set; }

    public InvoiceBuyer Buyer { get; private set; } = new("", null, "", null);

    public string Reason { get; private set; } = "";

    public Money NetTotal { get; private set; }

    public Money TaxTotal { get; private set; }

    public Money GrossTotal { get; private set; }

    public DateTime IssuedAtUtc { get; private set; }

    public Guid? IssuedByUserId { get; private set; }

    public string IssuedByName { get; private set; } = "";

    /// <summary>The ledger transaction that put <see cref="GrossTotal"/> on the customer's balance.</summary>
    public string LedgerKey { get; private set; } = "";

    public IReadOnlyList<CreditNoteLine> Lines => _lines;

    public string DisplayNumber => InvoiceNumbering.Format(NumberSeries, Number)!;

    /// <summary>The ledger key of a credit note's money going to the balance.</summary>
    public static string TransactionKey(Guid creditNoteId) => $"credit-note:{creditNoteId:N}";

    public const string TransactionKind = "credit_note";

    internal static CreditNote Issue(
        Invoice invoice, string requestId, long number, string reason, IReadOnlyList<CreditAmount> amounts, Audit.AuditActor actor, DateTime nowUtc,
        string? ledgerKey = null)
    {
        var note = new CreditNote
        {
            Id = Guid.NewGuid(),
            InvoiceId = invoice.Id,
            CustomerId = invoice.CustomerId,
            RequestId = requestId,
            Number = number,
            Currency = invoice.Currency,
            Buyer = invoice.Buyer,
            Reason = reason,
            IssuedAtUtc = nowUtc,
            IssuedByUserId = actor.UserId,
            IssuedByName = actor.Name,
        };
        note.LedgerKey = ledgerKey ?? TransactionKey(note.Id);
        var zero = Money.Zero(invoice.Currency);
        var (net, tax) = (zero, zero);
        foreach (var amount in amounts)
        {
            note._lines.Add(new CreditNoteLine(note.Id, note._lines.Count + 1, amount.Line, amount.Net, amount.Tax));
            net += amount.Net;
            tax += amount.Tax;
        }

        (note.NetTotal, note.TaxTotal, note.GrossTotal) = (net, tax, net + tax);
        invoice.RecordCredit(note.GrossTotal);
        return note;
    }
}

/// <summary>What one invoice line gives back (net and tax), decided by <see cref="CreditNoteCalculator"/>.</summary>
internal sealed record CreditAmount(InvoiceLine Line, Money Net, Money Tax);

public sealed class CreditNoteLine
{
    private CreditNoteLine()
    {
    }

    internal CreditNoteLine(Guid creditNoteId, int position, InvoiceLine line, Money net, Money tax)
    {
        CreditNoteId = creditNoteId;
        Position = position;
        InvoiceLineId = line.Id;
        InvoiceLinePosition = line.Position;
        Description = line.Description;
        Net = net;
        Tax = tax;
        Gross = net + tax;
        TaxRateBasisPoints = line.TaxRateBasisPoints;
    }

    public long Id { get; private set; }

    public Guid CreditNoteId { get; private set; }

    public int Position { get; private set; }

    public long InvoiceLineId { get; private set; }

    /// <summary>The invoice line's position as printed on the invoice.</summary>
    public int InvoiceLinePosition { get; private set; }

    public LocalizedText Description { get; private set; } = LocalizedText.Same("");

    public Money Net { get; private set; }

    public Money Tax { get; private set; }

    public Money Gross { get; private set; }

    public int TaxRateBasisPoints { get; private set; }
}
