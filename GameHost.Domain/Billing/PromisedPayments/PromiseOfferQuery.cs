using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.PromisedPayments;

/// <summary>A promise already taken on an invoice.</summary>
public sealed record PromiseView(Guid Id, DateTime StartedAtUtc, DateTime EndsAtUtc, PromiseStatus Status, Money Amount);

/// <summary>Either the promise on the invoice, or the terms the customer would get, or why none is offered.</summary>
public sealed record PromiseOffer(PromiseView? Existing, PromiseTerms? Terms, Error? Refusal);

/// <summary>What the promised-payment button on an invoice shows.</summary>
public sealed class PromiseOfferQuery(IDbContextFactory<GameHostDbContext> contexts, TimeProvider time)
{
    public async Task<PromiseOffer> ForInvoiceAsync(Guid customerId, Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.PromisedPayments().AsNoTracking()
            .Where(p => p.InvoiceId == invoiceId && p.CustomerId == customerId)
            .Select(p => new PromiseView(p.Id, p.StartedAtUtc, p.EndsAtUtc, p.Status, p.Amount))
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return new PromiseOffer(existing, null, null);
        }

        var terms = await PromiseRules.CheckAsync(db, customerId, invoiceId, time.GetUtcNow().UtcDateTime, cancellationToken);
        return terms.IsSuccess ? new PromiseOffer(null, terms.Value, null) : new PromiseOffer(null, null, terms.Error);
    }
}
