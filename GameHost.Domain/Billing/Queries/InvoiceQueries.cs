using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Queries;

public sealed record InvoiceSummary(
    Guid Id, string Number, InvoiceStatus Status, Money NetTotal, Money TaxTotal, Money GrossTotal, DateTime IssuedAtUtc, DateTime? DueAtUtc)
{
    /// <summary>What credit notes have given back on this invoice.</summary>
    public Money Credited { get; init; }
}

public sealed record InvoiceLineView(
    int Position, InvoiceLineKind Kind, string Code, LocalizedText Description, int Quantity, Money UnitNet, Money Net, Money Tax, Money Gross,
    int TaxRateBasisPoints)
{
    public TaxTreatment TaxTreatment { get; init; }
}

public sealed record InvoiceDetails(
    Guid Id,
    string Number,
    InvoiceStatus Status,
    Currency Currency,
    InvoiceBuyer Buyer,
    DateTime IssuedAtUtc,
    DateTime? DueAtUtc,
    Guid? SubscriptionId,
    IReadOnlyList<InvoiceLineView> Lines,
    Money NetTotal,
    Money TaxTotal,
    Money GrossTotal)
{
    /// <summary>What credit notes have given back on this invoice.</summary>
    public Money Credited { get; init; }

    /// <summary>Why it was voided or written off.</summary>
    public string? CloseReason { get; init; }

    public bool ReverseCharge => Lines.Any(l => l.TaxTreatment == TaxTreatment.ReverseCharge);

    public bool Exempt => Lines.Any(l => l.TaxTreatment == TaxTreatment.Exempt);
}

/// <summary>A customer's issued invoices, newest first (drafts are not theirs to see yet).</summary>
public sealed class CustomerInvoicesQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<PagedList<InvoiceSummary>> ExecuteAsync(Guid customerUserId, int page, int pageSize, CancellationToken cancellationToken)
    {
        (page, pageSize) = PagedList<InvoiceSummary>.Clamp(page, pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var issued = db.Invoices().AsNoTracking().Where(i => i.CustomerId == customerUserId && i.Status != InvoiceStatus.Draft);
        var total = await issued.CountAsync(cancellationToken);
        var invoices = await issued
            .OrderByDescending(i => i.IssuedAtUtc).ThenByDescending(i => i.Number)
            .Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        var items = invoices
            .Select(i => new InvoiceSummary(i.Id, i.DisplayNumber!, i.Status, i.NetTotal, i.TaxTotal, i.GrossTotal, i.IssuedAtUtc!.Value, i.DueAtUtc)
            {
                Credited = i.CreditedTotal,
            })
            .ToList();
        return new PagedList<InvoiceSummary>(items, total, page, pageSize);
    }
}

/// <summary>One issued invoice of a customer with its frozen lines and totals; another customer's invoice is not found.</summary>
public sealed class InvoiceDetailsQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<Result<InvoiceDetails>> ExecuteAsync(Guid customerUserId, Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices().AsNoTracking().Include(i => i.Lines)
            .FirstOrDefaultAsync(i => i.Id == invoiceId && i.CustomerId == customerUserId && i.Status != InvoiceStatus.Draft, cancellationToken);
        if (invoice is null)
        {
            return BillingErrors.InvoiceNotFound;
        }

        return new InvoiceDetails(
            invoice.Id,
            invoice.DisplayNumber!,
            invoice.Status,
            invoice.Currency,
            invoice.Buyer,
            invoice.IssuedAtUtc!.Value,
            invoice.DueAtUtc,
            invoice.SubscriptionId,
            invoice.Lines.OrderBy(l => l.Position)
                .Select(l => new InvoiceLineView(l.Position, l.Kind, l.Code, l.Description, l.Quantity, l.UnitNet, l.Net, l.Tax, l.Gross, l.TaxRateBasisPoints)
                {
                    TaxTreatment = l.TaxTreatment,
                })
                .ToList(),
            invoice.NetTotal,
            invoice.TaxTotal,
            invoice.GrossTotal)
        {
            Credited = invoice.CreditedTotal,
            CloseReason = invoice.CloseReason,
        };
    }
}
