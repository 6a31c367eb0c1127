using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Changes;

/// <summary>
/// What a paid invoice sets in motion for changes, one-off products and resource pools, called by
/// <see cref="Ledger.InvoiceSettlement"/> in the same save that marks the invoice paid: an upgrade waiting for its
/// invoice is applied, a product's fulfilment task is opened, a pool starts its first period. Each runs at most once
/// because an invoice is paid at most once, and each checks its own state too.
/// </summary>
public static class PaidInvoiceHooks
{
    public static async Task OnPaidAsync(
        GameHostDbContext db, Invoice invoice, ProvisioningRequests provisioning, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(invoice);
        if (invoice.IdempotencyKey.StartsWith("change:", StringComparison.Ordinal))
        {
            var change = await db.ServiceChanges().FirstOrDefaultAsync(c => c.InvoiceId == invoice.Id, cancellationToken);
            if (change is { Status: ServiceChangeStatus.AwaitingPayment })
            {
                await ServiceChanges.ApplyAsync(db, change, provisioning, nowUtc, cancellationToken);
            }
        }
        else if (invoice.IdempotencyKey.StartsWith(Products.ProductPurchases.InvoiceKeyPrefix, StringComparison.Ordinal))
        {
            await Products.ProductPurchases.OnPaidAsync(db, invoice, nowUtc, cancellationToken);
        }
        else if (invoice.IdempotencyKey.StartsWith(Pools.PoolRenewalSweep.InvoiceKeyPrefix, StringComparison.Ordinal))
        {
            await Pools.PoolRenewalSweep.OnPaidAsync(db, invoice, provisioning, nowUtc, cancellationToken);
        }
        else if (invoice.IdempotencyKey.StartsWith(Pools.PoolResizes.InvoiceKeyPrefix, StringComparison.Ordinal))
        {
            await Pools.PoolResizes.OnPaidAsync(db, invoice, nowUtc, cancellationToken);
        }
        else if (invoice.IdempotencyKey.StartsWith(Pools.PoolPurchases.InvoiceKeyPrefix, StringComparison.Ordinal))
        {
            await Pools.PoolPurchases.OnPaidAsync(db, invoice, nowUtc, cancellationToken);
        }
    }
}
