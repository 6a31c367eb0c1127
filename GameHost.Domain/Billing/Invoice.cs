using GameHost.Domain.Catalog;
using GameHost.Domain.Common;

namespace GameHost.Domain.Billing;

public enum InvoiceStatus
{
    /// <summary>Being assembled: lines may change, no number yet, the customer does not see it.</summary>
    Draft = 0,

    /// <summary>Issued: numbered, lines frozen, waiting for payment.</summary>
    Open = 1,

    Paid = 2,

    Void = 3,

    Uncollectible = 4,
}

public enum InvoiceLineKind
{
    Period = 0,
    AddOn = 1,
    SetupFee = 2,
    Discount = 3,

    /// <summary>The prorated difference of an upgrade for the rest of the paid period.</summary>
    ServiceChange = 10,

    /// <summary>A one-off product (a world import, a setup service).</summary>
    Product = 11,

    /// <summary>A resource pool's period.</summary>
    Pool = 12,
}

/// <summary>The buyer as they were when the invoice was made: later profile edits do not rewrite issued invoices.</summary>
/// <param name="TaxExempt">The customer was tax-exempt when the invoice was made (a staff setting).</param>
public sealed record InvoiceBuyer(string Name, string? Company, string CountryCode, string? VatNumber, bool TaxExempt = false);

/// <summary>
/// A bill in one currency. Lines can be added only while it is a draft; issuing it assigns the next number of its
/// series and freezes the lines. Every line stores net, tax and gross; the totals are the sums of the lines.
/// </summary>
public sealed class Invoice
{
    public const int MaxIdempotencyKeyLength = 150;

    private readonly List<InvoiceLine> _lines = [];

    private Invoice()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The customer's user id.</summary>
    public Guid CustomerId { get; private set; }

    public Guid? SubscriptionId { get; private set; }

    /// <summary>The service period this invoice pays for (a renewal's next period); null for an order or a one-off.</summary>
    public DateTime? ServicePeriodStartUtc { get; private set; }

    public DateTime? ServicePeriodEndUtc { get; private set; }

    /// <summary>What made the invoice, unique: <c>order:{requestId}</c>, later <c>renewal:{subscription}:{periodStart}</c>.</summary>
    public string IdempotencyKey { get; private set; } = "";

    public InvoiceStatus Status { get; private set; }

    /// <summary>The numbering series (e.g. <c>INV</c>); null until issued.</summary>
    public string? Series { get; private set; }

    /// <summary>Gapless within the series; null until issued.</summary>
    public long? Number { get; private set; }

    public Currency Currency { get; private set; }

    public InvoiceBuyer Buyer { get; private set; } = new("", null, "", null);

    public Money NetTotal { get; private set; }

    public Money TaxTotal { get; private set; }

    public Money GrossTotal { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? IssuedAtUtc { get; private set; }

    public DateTime? DueAtUtc { get; private set; }

    public DateTime? PaidAtUtc { get; private set; }

    /// <summary>When the invoice was voided or written off as uncollectible.</summary>
    public DateTime? ClosedAtUtc { get; private set; }

    /// <summary>Why staff voided it or wrote it off.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>What credit notes have given back so far (gross, minor units of <see cref="Currency"/>).</summary>
    public long CreditedMinor { get; private set; }

    /// <summary>Moves on every status change and credit, so two racing changes (pay and void, two credit notes) cannot both save.</summary>
    public Guid Version { get; private set; }

    public Money CreditedTotal => new(CreditedMinor, Currency);

    /// <summary>True when any line's tax is reversed to the buyer: the invoice prints "Reverse charge".</summary>
    public bool ReverseCharge => _lines.Any(l => l.TaxTreatment == TaxTreatment.ReverseCharge);

    public IReadOnlyList<InvoiceLine> Lines => _lines;

    /// <summary>The number as printed, e.g. <c>INV-000042</c>; null for a draft.</summary>
    public string? DisplayNumber => InvoiceNumbering.Format(Series, Number);

    public static Invoice Draft(Guid customerId, Guid? subscriptionId, string idempotencyKey, Currency currency, InvoiceBuyer buyer, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentNullException.ThrowIfNull(buyer);
        return new Invoice
        {
            Id = TimeOrderedId.New(nowUtc),
            CustomerId = customerId,
            SubscriptionId = subscriptionId,
            IdempotencyKey = idempotencyKey,
            Status = InvoiceStatus.Draft,
            Currency = currency,
            Buyer = buyer,
            NetTotal = Money.Zero(currency),
            TaxTotal = Money.Zero(currency),
            GrossTotal = Money.Zero(currency),
            CreatedAtUtc = nowUtc,
        };
    }

    /// <summary>Names the service period a draft bills (renewals), so paying it moves the subscription exactly there.</summary>
    public void ForServicePeriod(DateTime startUtc, DateTime endUtc)
    {
        if (Status != InvoiceStatus.Draft)
        {
            throw new DomainException("billing.invoice_frozen", $"Invoice {DisplayNumber} is issued; its period cannot change.");
        }

        if (endUtc <= startUtc)
        {
            throw new DomainException("billing.period_empty", "A service period must end after it starts.");
        }

        ServicePeriodStartUtc = startUtc;
        ServicePeriodEndUtc = endUtc;
    }

    /// <summary>Adds a line to a draft; an issued invoice's lines are frozen.</summary>
    public InvoiceLine AddLine(InvoiceLineKind kind, string code, LocalizedText description, int quantity, Money unitNet, Money net, Money tax, int taxRateBasisPoints,
        TaxTreatment taxTreatment = TaxTreatment.Standard)
    {
        if (Status != InvoiceStatus.Draft)
        {
            throw new DomainException("billing.invoice_frozen", $"Invoice {DisplayNumber} is issued; its lines cannot change.");
        }

        if (net.Currency != Currency || tax.Currency != Currency || unitNet.Currency != Currency)
        {
            throw new DomainException("billing.line_currency", $"An invoice in {Currency.Code} cannot take a line in another currency.");
        }

        var line = new InvoiceLine(Id, _lines.Count + 1, kind, code, description, quantity, unitNet, net, tax, taxRateBasisPoints, taxTreatment);
        _lines.Add(line);
        NetTotal += line.Net;
        TaxTotal += line.Tax;
        GrossTotal += line.Gross;
        return line;
    }

    /// <summary>Opens the invoice under <paramref name="number"/> (taken from its series in the same save) and freezes it.</summary>
    public void Issue(string series, long number, DateTime nowUtc, DateTime dueAtUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(series);
        if (Status != InvoiceStatus.Draft)
        {
            throw new DomainException("billing.invoice_already_issued", $"Invoice {DisplayNumber} is already issued.");
        }

        if (_lines.Count == 0)
        {
            throw new DomainException("billing.invoice_empty", "An invoice needs at least one line to be issued.");
        }

        Series = series;
        Number = number;
        IssuedAtUtc = nowUtc;
        DueAtUtc = dueAtUtc;
        Status = InvoiceStatus.Open;
    }

    /// <summary>Settles an open invoice. Only the settlement that posted the ledger transaction may call this.</summary>
    internal void MarkPaid(DateTime nowUtc)
    {
        if (Status != InvoiceStatus.Open)
        {
            throw new DomainException("billing.invoice_not_open", $"Invoice {DisplayNumber} is {Status}; only an open invoice can be paid.");
        }

        Status = InvoiceStatus.Paid;
        PaidAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }

    /// <summary>Cancels an open invoice: nothing is owed any more. Only an open invoice can be voided.</summary>
    public void Void(string reason, DateTime nowUtc) => Close(InvoiceStatus.Void, reason, nowUtc);

    /// <summary>Writes an open invoice off: still owed on paper, no longer expected. Only an open invoice qualifies.</summary>
    public void MarkUncollectible(string reason, DateTime nowUtc) => Close(InvoiceStatus.Uncollectible, reason, nowUtc);

    /// <summary>Records a credit note's gross against this paid invoice; never more than the invoice's total.</summary>
    internal void RecordCredit(Money gross)
    {
        if (Status != InvoiceStatus.Paid)
        {
            throw new DomainException("billing.credit_note_invoice_not_paid", $"Invoice {DisplayNumber} is {Status}; only a paid invoice can be credited.");
        }

        if (gross.Currency != Currency)
        {
            throw new DomainException("billing.currency_mismatch", $"Invoice {DisplayNumber} is in {Currency.Code}; nothing is converted.");
        }

        if (CreditedMinor + gross.Minor > GrossTotal.Minor || gross.Minor < 0)
        {
            throw new DomainException("billing.credit_note_exceeds_invoice", $"Invoice {DisplayNumber} cannot be credited beyond its total.");
        }

        CreditedMinor += gross.Minor;
        Version = Guid.NewGuid();
    }

    private void Close(InvoiceStatus status, string reason, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Status != InvoiceStatus.Open)
        {
            throw new DomainException("billing.invoice_not_open", $"Invoice {DisplayNumber} is {Status}; only an open invoice can become {status}.");
        }

        Status = status;
        ClosedAtUtc = nowUtc;
        CloseReason = reason;
        Version = Guid.NewGuid();
    }

    /// <summary>Writes off an open invoice nobody will pay (its service was terminated by dunning): it can no longer be paid.</summary>
    internal void MarkUncollectible()
    {
        if (Status != InvoiceStatus.Open)
        {
            throw new DomainException("billing.invoice_not_open", $"Invoice {DisplayNumber} is {Status}; only an open invoice can be written off.");
        }

        Status = InvoiceStatus.Uncollectible;
    }
}

/// <summary>One frozen line of an invoice: <see cref="Gross"/> = <see cref="Net"/> + <see cref="Tax"/>, rounded per line.</summary>
public sealed class InvoiceLine
{
    private InvoiceLine()
    {
    }

    internal InvoiceLine(Guid invoiceId, int position, InvoiceLineKind kind, string code, LocalizedText description, int quantity,
        Money unitNet, Money net, Money tax, int taxRateBasisPoints, TaxTreatment taxTreatment)
    {
        TaxTreatment = taxTreatment;
        InvoiceId = invoiceId;
        Position = position;
        Kind = kind;
        Code = code;
        Description = description;
        Quantity = quantity;
        UnitNet = unitNet;
        Net = net;
        Tax = tax;
        Gross = net + tax;
        TaxRateBasisPoints = taxRateBasisPoints;
    }

    public long Id { get; private set; }

    public Guid InvoiceId { get; private set; }

    /// <summary>1, 2, 3… in the order the lines print.</summary>
    public int Position { get; private set; }

    public InvoiceLineKind Kind { get; private set; }

    /// <summary>What the line is for: <c>period</c>, an add-on key, <c>setup-fee</c>, or the promo code of a discount.</summary>
    public string Code { get; private set; } = "";

    public LocalizedText Description { get; private set; } = LocalizedText.Same("");

    public int Quantity { get; private set; }

    public Money UnitNet { get; private set; }

    public Money Net { get; private set; }

    public Money Tax { get; private set; }

    public Money Gross { get; private set; }

    /// <summary>The tax rate applied, in basis points (1500 = 15 %).</summary>
    public int TaxRateBasisPoints { get; private set; }

    /// <summary>Why the line carries this tax (a reverse-charge or exempt line has none).</summary>
    public TaxTreatment TaxTreatment { get; private set; }
}

/// <summary>
/// The next number of one invoice series. Taking a number moves the row's concurrency token, and the number is
/// saved together with the invoice that uses it: two saves racing for the same number cannot both succeed, and a
/// failed save takes no number, so the series stays gapless.
/// </summary>
public sealed class InvoiceNumberSeries
{
    public string Series { get; set; } = "";

    public long NextNumber { get; set; } = 1;

    public Guid ConcurrencyToken { get; set; }

    public long Take()
    {
        var number = NextNumber;
        NextNumber++;
        ConcurrencyToken = Guid.NewGuid();
        return number;
    }
}

public static class InvoiceNumbering
{
    /// <summary>The series for customer invoices.</summary>
    public const string DefaultSeries = "INV";

    public static string? Format(string? series, long? number) =>
        series is null || number is null ? null : $"{series}-{number.Value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}";
}
