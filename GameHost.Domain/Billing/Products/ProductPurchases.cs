using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Products;

public sealed record ProductForSale(Guid ProductId, LocalizedText Name, LocalizedText Description, bool NeedsService, Money Price);

public sealed record BuyProductCommand(Guid CustomerId, Guid ProductId, Guid? SubscriptionId, string RequestId);

public sealed record ProductBought(Guid PurchaseId, Guid InvoiceId, Money GrossTotal, bool Paid, bool Replayed);

/// <summary>A purchase for the staff list: what, for whom, paid when and whether done.</summary>
public sealed record FulfilmentTask(
    Guid PurchaseId, LocalizedText ProductName, Guid CustomerId, string CustomerName, Guid? SubscriptionId, string? ServerName,
    ProductPurchaseStatus Status, DateTime? PaidAtUtc, DateTime? FulfilledAtUtc, string? FulfilledBy, string? Note);

/// <summary>
/// Customers buy one-off products: one invoice with the product line (tax from the tax policy, keyed by the purchase
/// form's request id), paid from the balance at once when the balance covers it. A paid purchase becomes a fulfilment
/// task staff see and mark done (audited); no panel automation is involved.
/// </summary>
public sealed class ProductPurchases(
    IDbContextFactory<GameHostDbContext> contexts, ITaxPolicy taxPolicy, InvoiceSettlement settlement, AuditLog audit, TimeProvider time)
{
    public const string InvoiceKeyPrefix = "product:";

    public const string FulfilledAuditAction = "billing.product_fulfilled";

    public static string InvoiceKey(string requestId) => InvoiceKeyPrefix + requestId;

    public async Task<IReadOnlyList<ProductForSale>> ForSaleAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var buyer = await OrderBuyer.LoadAsync(db, customerId, cancellationToken);
        if (buyer is null)
        {
            return [];
        }

        var products = await db.Products().AsNoTracking().Include(p => p.Prices).Where(p => p.IsActive).ToListAsync(cancellationToken);
        return products
            .Select(p => (p, price: p.Prices.Where(x => x.Amount.Currency == buyer.Currency).Select(x => (Money?)x.Amount).FirstOrDefault()))
            .Where(x => x.price is not null)
            .OrderBy(x => x.p.Name.En, StringComparer.CurrentCulture)
            .Select(x => new ProductForSale(x.p.Id, x.p.Name, x.p.Description, x.p.NeedsService, x.price!.Value))
            .ToList();
    }

    public async Task<Result<ProductBought>> BuyAsync(BuyProductCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > ProductPurchase.MaxRequestIdLength)
        {
            return BillingErrors.InvalidRequestId;
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var existing = await db.ProductPurchases().AsNoTracking().FirstOrDefaultAsync(p => p.RequestId == requestId, cancellationToken);
            if (existing is not null)
            {
                if (existing.CustomerId != command.CustomerId)
                {
                    return BillingErrors.RequestIdReused;
                }

                var invoice = await db.Invoices().AsNoTracking().SingleAsync(i => i.Id == existing.InvoiceId, cancellationToken);
                return new ProductBought(existing.Id, invoice.Id, invoice.GrossTotal, invoice.Status == InvoiceStatus.Paid, Replayed: true);
            }

            var buyer = await OrderBuyer.LoadAsync(db, command.CustomerId, cancellationToken);
            if (buyer is null)
            {
                return BillingErrors.NoBillingProfile;
            }

            var product = await db.Products().AsNoTracking().Include(p => p.Prices).FirstOrDefaultAsync(p => p.Id == command.ProductId, cancellationToken);
            if (product is null || !product.IsActive)
            {
                return ProductsErrors.NotFound;
            }

            var price = product.Prices.Where(p => p.Amount.Currency == buyer.Currency).Select(p => (Money?)p.Amount).FirstOrDefault();
            if (price is null)
            {
                return ProductsErrors.NotForSale;
            }

            string? serverName = null;
            if (product.NeedsService)
            {
                if (command.SubscriptionId is not { } subscriptionId)
                {
                    return ProductsErrors.ServiceRequired;
                }

                serverName = await db.Subscriptions().AsNoTracking()
                    .Where(s => s.Id == subscriptionId && s.CustomerId == command.CustomerId
                        && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Suspended))
                    .Select(s => s.ServerName).FirstOrDefaultAsync(cancellationToken);
                if (serverName is null)
                {
                    return ProductsErrors.ServiceNotFound;
                }
            }

            var now = time.GetUtcNow().UtcDateTime;
            var description = serverName is null
                ? product.Name
                : new LocalizedText($"{product.Name.En} for {serverName}", $"{product.Name.For("es")} para {serverName}");
            var bill = await PurchaseInvoice.IssueAsync(db, taxPolicy, buyer, command.CustomerId, InvoiceKey(requestId), InvoiceLineKind.Product, "product",
                description, price.Value, now, cancellationToken);
            var purchase = new ProductPurchase
            {
                Id = Guid.NewGuid(),
                ProductId = product.Id,
                CustomerId = command.CustomerId,
                SubscriptionId = product.NeedsService ? command.SubscriptionId : null,
                RequestId = requestId,
                InvoiceId = bill.Id,
                Status = ProductPurchaseStatus.AwaitingPayment,
                CreatedAtUtc = now,
                ConcurrencyToken = Guid.NewGuid(),
            };
            db.ProductPurchases().Add(purchase);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                continue; // The same request or the invoice number raced: the next attempt sees which.
            }

            var paid = await PurchaseInvoice.PayFromBalanceAsync(contexts, settlement, command.CustomerId, bill.Id, cancellationToken);
            return new ProductBought(purchase.Id, bill.Id, bill.GrossTotal, paid, Replayed: false);
        }

        return ProductsErrors.Busy;
    }

    /// <summary>Called by the settlement when a product's invoice is paid: the purchase becomes a task for staff.</summary>
    internal static async Task OnPaidAsync(GameHostDbContext db, Invoice invoice, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var purchase = db.ProductPurchases().Local.FirstOrDefault(p => p.InvoiceId == invoice.Id)
            ?? await db.ProductPurchases().FirstOrDefaultAsync(p => p.InvoiceId == invoice.Id, cancellationToken);
        if (purchase is { Status: ProductPurchaseStatus.AwaitingPayment })
        {
            purchase.Status = ProductPurchaseStatus.ToFulfil;
            purchase.PaidAtUtc = nowUtc;
            purchase.ConcurrencyToken = Guid.NewGuid();
        }
    }

    /// <param name="includeDone">False = only the paid purchases still to do (the staff queue).</param>
    public async Task<IReadOnlyList<FulfilmentTask>> FulfilmentTasksAsync(bool includeDone, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.ProductPurchases().AsNoTracking().Where(p => p.Status != ProductPurchaseStatus.AwaitingPayment);
        if (!includeDone)
        {
            query = query.Where(p => p.Status == ProductPurchaseStatus.ToFulfil);
        }

        var rows = await (from p in query
                          join product in db.Products() on p.ProductId equals product.Id
                          join user in db.Users on p.CustomerId equals user.Id
                          select new { p, product.Name, user.FullName }).ToListAsync(cancellationToken);
        var subscriptionIds = rows.Where(r => r.p.SubscriptionId != null).Select(r => r.p.SubscriptionId!.Value).Distinct().ToList();
        var names = await db.Subscriptions().AsNoTracking().Where(s => subscriptionIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.ServerName, cancellationToken);
        return rows
            .OrderBy(r => r.p.Status).ThenBy(r => r.p.PaidAtUtc)
            .Select(r => new FulfilmentTask(r.p.Id, r.Name, r.p.CustomerId, r.FullName, r.p.SubscriptionId,
                r.p.SubscriptionId is { } s && names.TryGetValue(s, out var n) ? n : null,
                r.p.Status, r.p.PaidAtUtc, r.p.FulfilledAtUtc, r.p.FulfilledBy, r.p.FulfilmentNote))
            .ToList();
    }

    /// <summary>Staff mark a paid purchase done (administrators or support); audited; repeating it changes nothing.</summary>
    public async Task<Result> MarkFulfilledAsync(Guid actorUserId, Guid purchaseId, string? note, CancellationToken cancellationToken)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > ProductPurchase.MaxNoteLength })
        {
            return ProductsErrors.NoteTooLong;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin, Roles.Support], cancellationToken);
        if (actor is null)
        {
            return ProductsErrors.NotStaff;
        }

        var purchase = await db.ProductPurchases().FirstOrDefaultAsync(p => p.Id == purchaseId, cancellationToken);
        if (purchase is null)
        {
            return ProductsErrors.FulfilmentNotFound;
        }

        switch (purchase.Status)
        {
            case ProductPurchaseStatus.Fulfilled:
                return Result.Success();
            case ProductPurchaseStatus.AwaitingPayment:
                return ProductsErrors.FulfilmentNotPaid;
        }

        purchase.Status = ProductPurchaseStatus.Fulfilled;
        purchase.FulfilledAtUtc = time.GetUtcNow().UtcDateTime;
        purchase.FulfilledBy = actor.Name;
        purchase.FulfilmentNote = note;
        purchase.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor, FulfilledAuditAction, "ProductPurchase", purchase.Id.ToString("D"),
            new { Status = ProductPurchaseStatus.ToFulfil }, new { purchase.Status, Note = note });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Result.Success();
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProductsErrors.Busy;
        }
    }
}
