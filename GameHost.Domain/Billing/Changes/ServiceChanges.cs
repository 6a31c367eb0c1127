using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Changes;

/// <param name="TargetTariffId">The tariff after the change (the current one for an add-on change only).</param>
/// <param name="AddOnQuantities">Quantities by add-on key after the change; left out = included quantity.</param>
public sealed record ChangeRequest(Guid CustomerId, Guid SubscriptionId, Guid TargetTariffId, IReadOnlyDictionary<string, int>? AddOnQuantities);

public enum ChangeDirection
{
    /// <summary>Costs more: the prorated difference is charged now.</summary>
    Upgrade = 0,

    /// <summary>Costs less: the prorated difference is credited to the balance.</summary>
    Downgrade = 1,

    /// <summary>Costs the same (or nothing is left of the period): applied at once, no money moves.</summary>
    Even = 2,
}

/// <summary>
/// What a change costs, shown before the customer confirms: the new recurring price and the signed difference for the
/// rest of the paid period ((new − old) × remaining seconds / period seconds, rounded once), with its tax.
/// </summary>
public sealed record ChangeQuote(
    Guid SubscriptionId,
    LocalizedText FromTariffName,
    Guid ToTariffId,
    int ToVersionNumber,
    LocalizedText ToTariffName,
    IReadOnlyDictionary<string, int> AddOnQuantities,
    Money OldRecurringNet,
    Money NewRecurringNet,
    Money ProratedNet,
    Money ProratedTax,
    int TaxRateBasisPoints,
    DateTime PeriodStartUtc,
    DateTime PeriodEndUtc,
    DateTime QuotedAtUtc,
    ServerResources OldResources,
    ServerResources NewResources,
    TaxTreatment TaxTreatment = TaxTreatment.Standard)
{
    public Money ProratedGross => ProratedNet + ProratedTax;

    public ChangeDirection Direction => ProratedNet.Minor > 0 ? ChangeDirection.Upgrade
        : ProratedNet.Minor < 0 ? ChangeDirection.Downgrade : ChangeDirection.Even;

    public bool NeedsMoreCapacity => NewResources.MemoryMb > OldResources.MemoryMb || NewResources.DiskMb > OldResources.DiskMb
        || NewResources.CpuPercent > OldResources.CpuPercent || NewResources.ExtraAllocations > OldResources.ExtraAllocations;
}

/// <param name="InvoiceId">The invoice for an upgrade's difference; it is paid when <see cref="Status"/> is Applied.</param>
/// <param name="Replayed">True when the request id had already made this change and nothing new was written.</param>
public sealed record ChangeOutcome(Guid ChangeId, ServiceChangeStatus Status, ChangeDirection Direction, Money ProratedGross, Guid? InvoiceId, bool Replayed);

/// <summary>
/// Upgrades or downgrades a running prepaid service: <see cref="QuoteAsync"/> prices it, <see cref="ConfirmAsync"/>
/// carries it out once per change form. An upgrade issues an invoice for the prorated difference and pays it from the
/// balance at once when the balance covers it; otherwise the change waits and is applied by the settlement when the
/// invoice is paid (<see cref="PaidInvoiceHooks"/>). A downgrade credits the difference to the balance and applies
/// at once. Applying moves the subscription to the new tariff, version, add-ons and recurring price (future renewals
/// bill it) and queues a build change for the panel, all in one save.
/// </summary>
public sealed class ServiceChanges(
    IDbContextFactory<GameHostDbContext> contexts,
    ITariffUsage usage,
    IServerCapacity capacity,
    ITaxPolicy taxPolicy,
    LedgerPosting ledger,
    InvoiceSettlement settlement,
    ProvisioningRequests provisioning,
    TimeProvider time)
{
    public const string CreditTransactionKind = "service_downgrade_credit";

    public const int MaxSaveAttempts = 10;

    public static string InvoiceKey(string requestId) => "change:" + requestId;

    public static string CreditKey(string requestId) => "change-credit:" + requestId;

    public async Task<Result<ChangeQuote>> QuoteAsync(ChangeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await QuoteAsync(db, request, cancellationToken);
    }

    public async Task<Result<ChangeOutcome>> ConfirmAsync(ChangeRequest request, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        requestId = requestId?.Trim() ?? "";
        if (requestId.Length is 0 or > ServiceChange.MaxRequestIdLength)
        {
            return ChangesErrors.InvalidRequestId;
        }

        var replay = await FindAsync(requestId, request.CustomerId, cancellationToken);
        if (replay is not null)
        {
            return replay.Value;
        }

        Result<ChangeQuote> quoted;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            quoted = await QuoteAsync(db, request, cancellationToken);
            if (!quoted.IsSuccess)
            {
                // A racing click of the same form may have saved its change between our look-up and the quote:
                // that pending change is ours, so answer with it rather than "another change is pending".
                if (quoted.Error.Code == ChangesErrors.ChangePending.Code
                    && await FindAsync(requestId, request.CustomerId, cancellationToken) is { } raced)
                {
                    return raced;
                }

                return quoted.Error;
            }

            if (quoted.Value.NeedsMoreCapacity)
            {
                var subscription = await db.Subscriptions().AsNoTracking().SingleAsync(s => s.Id == request.SubscriptionId, cancellationToken);
                var version = await db.TariffVersions().AsNoTracking()
                    .SingleAsync(v => v.TariffId == quoted.Value.ToTariffId && v.Number == quoted.Value.ToVersionNumber, cancellationToken);
                // The same question an order asks: can the service's location host a server of the new size now?
                var answer = await capacity.CheckAsync(new CapacityRequest(subscription.LocationId, quoted.Value.NewResources,
                    version.LocationIds.ToList(), version.NodeIds.ToList()), cancellationToken);
                switch (answer.Verdict)
                {
                    case CapacityVerdict.Unknown:
                        return ProvisioningErrors.CapacityUnknown;
                    case CapacityVerdict.No:
                        return ProvisioningErrors.NoCapacity(subscription.LocationId, []);
                }
            }
        }

        for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
        {
            var saved = await TrySaveAsync(request, requestId, quoted.Value, cancellationToken);
            if (saved is not null)
            {
                if (!saved.Value.IsSuccess || saved.Value.Value!.Status != ServiceChangeStatus.AwaitingPayment)
                {
                    return saved.Value;
                }

                // The invoice is saved: pay it from the balance now if the balance covers it (the change then applies).
                await Products.PurchaseInvoice.PayFromBalanceAsync(contexts, settlement, request.CustomerId, saved.Value.Value.InvoiceId!.Value, cancellationToken);
                var now = await FindAsync(requestId, request.CustomerId, cancellationToken);
                return now is { IsSuccess: true } found ? found.Value! with { Replayed = false } : saved.Value;
            }
        }

        return ChangesErrors.Busy;
    }

    /// <summary>
    /// Applies a change to its subscription in the caller's save: new tariff, version, add-ons and recurring price, and
    /// a build change queued for the panel. Does nothing unless the change is still waiting (or new).
    /// </summary>
    internal static async Task ApplyAsync(
        GameHostDbContext db, ServiceChange change, ProvisioningRequests provisioning, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (change.Status == ServiceChangeStatus.Applied)
        {
            return;
        }

        var subscription = await db.Subscriptions().Include(s => s.AddOns).Include(s => s.Variables)
            .SingleAsync(s => s.Id == change.SubscriptionId, cancellationToken);
        change.Status = ServiceChangeStatus.Applied;
        change.AppliedAtUtc = nowUtc;
        if (subscription.Status is not (SubscriptionStatus.Active or SubscriptionStatus.Suspended))
        {
            return; // Ended meanwhile: the money stays paid (staff may refund), there is no server left to change.
        }

        subscription.TariffId = change.ToTariffId;
        subscription.TariffVersionNumber = change.ToVersionNumber;
        subscription.RecurringNet = change.NewRecurringNet;
        subscription.ConcurrencyToken = Guid.NewGuid();
        var target = ServiceChange.ParseAddOns(change.ToAddOns);
        foreach (var addOn in subscription.AddOns.Where(a => !target.ContainsKey(a.Key)).ToList())
        {
            subscription.AddOns.Remove(addOn);
        }

        foreach (var (key, quantity) in target)
        {
            var existing = subscription.AddOns.FirstOrDefault(a => a.Key == key);
            if (existing is null)
            {
                subscription.AddOns.Add(new SubscriptionAddOn { SubscriptionId = subscription.Id, Key = key, Quantity = quantity });
            }
            else
            {
                existing.Quantity = quantity;
            }
        }

        var order = await ProvisioningOrders.ForAsync(db, subscription, cancellationToken);
        // A server still being created picks the new spec up; a missing one has nothing to rebuild.
        await provisioning.RequestBuildChangeAsync(db, subscription.Id, order.Spec, cancellationToken);
    }

    private async Task<Result<ChangeQuote>> QuoteAsync(GameHostDbContext db, ChangeRequest request, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions().AsNoTracking().Include(s => s.AddOns)
            .FirstOrDefaultAsync(s => s.Id == request.SubscriptionId && s.CustomerId == request.CustomerId, cancellationToken);
        if (subscription is null)
        {
            return ChangesErrors.ServiceNotFound;
        }

        if (subscription.Status != SubscriptionStatus.Active || subscription.PaidUntilUtc is not { } end || subscription.CurrentPeriodStartUtc is not { } start)
        {
            return ChangesErrors.ServiceNotActive;
        }

        if (subscription.BillingModel != BillingModel.PrepaidPeriodic || subscription.Period.Months() is null)
        {
            return ChangesErrors.NotPrepaid;
        }

        if (subscription.EndsAtUtc is not null)
        {
            return ChangesErrors.EndingService;
        }

        var buyer = await OrderBuyer.LoadAsync(db, request.CustomerId, cancellationToken);
        if (buyer is null)
        {
            return BillingErrors.NoBillingProfile;
        }

        var currency = subscription.RecurringNet.Currency;
        if (buyer.Currency != currency)
        {
            return ChangesErrors.CurrencyMismatch;
        }

        if (await db.ServiceChanges().AnyAsync(c => c.SubscriptionId == subscription.Id && c.Status == ServiceChangeStatus.AwaitingPayment, cancellationToken))
        {
            return ChangesErrors.ChangePending;
        }

        var tariffs = await db.Tariffs().WithVersions().AsNoTracking()
            .Where(t => t.Id == subscription.TariffId || t.Id == request.TargetTariffId)
            .ToListAsync(cancellationToken);
        var current = tariffs.Single(t => t.Id == subscription.TariffId);
        var target = tariffs.FirstOrDefault(t => t.Id == request.TargetTariffId);
        if (target is null)
        {
            return CatalogErrors.TariffNotFound;
        }

        if (target.GameId != current.GameId)
        {
            return ChangesErrors.DifferentGame;
        }

        if (target.BillingModel != subscription.BillingModel)
        {
            return ChangesErrors.NotPrepaid; // A prepaid service changes only to another prepaid tariff.
        }

        if (target.Id != current.Id)
        {
            if (target.IsArchived)
            {
                return CatalogErrors.TariffArchived;
            }

            if (target.Visibility == TariffVisibility.StaffOnly)
            {
                return CatalogErrors.TariffNotOrderable;
            }

            if (target.StockLimit is { } stock && await usage.CountActiveAsync(target.Id, cancellationToken) >= stock)
            {
                return CatalogErrors.TariffOutOfStock;
            }
        }

        var addOnIds = target.AddOns.Select(a => a.AddOnId).ToList();
        var addOns = await db.AddOns().AsNoTracking().Include(a => a.Prices)
            .Where(a => addOnIds.Contains(a.Id) && !a.IsArchived)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var priced = PricingEngine.Price(new PricingRequest(
            TariffPriceSheet.Of(target, target.CurrentVersion), currency, subscription.Period, addOns.Select(AddOnOffer.Of).ToList(),
            request.AddOnQuantities ?? new Dictionary<string, int>(), Promo: null, PromoUsage.None, now));
        if (!priced.IsSuccess)
        {
            return priced.Error;
        }

        var quote = priced.Value;
        var oldQuantities = subscription.AddOns.Where(a => a.Quantity > 0).ToDictionary(a => a.Key, a => a.Quantity, StringComparer.Ordinal);
        var newQuantities = quote.AddOnQuantities.Where(a => a.Value > 0).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (target.Id == current.Id && quote.TariffVersionNumber == subscription.TariffVersionNumber
            && oldQuantities.Count == newQuantities.Count && oldQuantities.All(q => newQuantities.TryGetValue(q.Key, out var n) && n == q.Value))
        {
            return ChangesErrors.NoChange;
        }

        var difference = Proration.Difference(subscription.RecurringNet, quote.RecurringNet, start, end, now);
        var tax = await taxPolicy.TaxForAsync(buyer.Snapshot, difference, cancellationToken);
        var fromVersion = current.Versions.Single(v => v.Number == subscription.TariffVersionNumber);
        var allAddOns = await db.AddOns().AsNoTracking().ToListAsync(cancellationToken);
        return new ChangeQuote(
            subscription.Id,
            fromVersion.Name,
            target.Id,
            quote.TariffVersionNumber,
            target.CurrentVersion.Name,
            quote.AddOnQuantities,
            subscription.RecurringNet,
            quote.RecurringNet,
            tax.Net,
            tax.Tax,
            tax.RateBasisPoints,
            start,
            end,
            now,
            Resources(fromVersion, oldQuantities, allAddOns),
            Resources(target.CurrentVersion, newQuantities, allAddOns),
            tax.Treatment);
    }

    private static ServerResources Resources(TariffVersion version, IReadOnlyDictionary<string, int> quantities, IReadOnlyList<AddOn> addOns) =>
        ServerResources.For(version.Resources, version.Features, addOns
            .Where(a => quantities.ContainsKey(a.Key))
            .Select(a => new AddOnAmount(a.Unit, a.AmountPerUnit, quantities[a.Key])));

    /// <returns>The change (new or the winner of a race), an error, or null when the save lost a race and should be retried.</returns>
    private async Task<Result<ChangeOutcome>?> TrySaveAsync(ChangeRequest request, string requestId, ChangeQuote quote, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var replay = await FindAsync(db, requestId, request.CustomerId, cancellationToken);
        if (replay is not null)
        {
            return replay.Value;
        }

        var subscription = await db.Subscriptions().SingleAsync(s => s.Id == request.SubscriptionId, cancellationToken);
        if (subscription.Status != SubscriptionStatus.Active || subscription.PaidUntilUtc != quote.PeriodEndUtc || subscription.EndsAtUtc is not null
            || subscription.RecurringNet != quote.OldRecurringNet)
        {
            return ChangesErrors.Busy; // Changed since the quote (renewed, cancelled, another change): quote again.
        }

        var now = time.GetUtcNow().UtcDateTime;
        var change = new ServiceChange
        {
            Id = Guid.NewGuid(),
            SubscriptionId = subscription.Id,
            CustomerId = request.CustomerId,
            RequestId = requestId,
            FromTariffId = subscription.TariffId,
            FromVersionNumber = subscription.TariffVersionNumber,
            ToTariffId = quote.ToTariffId,
            ToVersionNumber = quote.ToVersionNumber,
            ToAddOns = ServiceChange.FormatAddOns(quote.AddOnQuantities),
            OldRecurringNet = quote.OldRecurringNet,
            NewRecurringNet = quote.NewRecurringNet,
            ProratedNet = quote.ProratedNet,
            ProratedTax = quote.ProratedTax,
            PeriodStartUtc = quote.PeriodStartUtc,
            PeriodEndUtc = quote.PeriodEndUtc,
            Status = ServiceChangeStatus.AwaitingPayment,
            CreatedAtUtc = now,
        };
        db.ServiceChanges().Add(change);

        if (quote.Direction == ChangeDirection.Upgrade)
        {
            var buyer = await OrderBuyer.LoadAsync(db, request.CustomerId, cancellationToken);
            // Not linked to the subscription: an unpaid upgrade must never be dunned into suspending the running service.
            var invoice = Invoice.Draft(request.CustomerId, null, InvoiceKey(requestId), quote.ProratedNet.Currency, buyer!.Snapshot, now);
            invoice.AddLine(InvoiceLineKind.ServiceChange, "change", Describe(quote), 1, quote.ProratedNet, quote.ProratedNet,
                quote.ProratedTax, quote.TaxRateBasisPoints, quote.TaxTreatment);
            await InvoiceIssuing.IssueAsync(db, invoice, InvoiceNumbering.DefaultSeries, now, now + UseCases.PlaceOrder.PaymentWindow, cancellationToken);
            db.Invoices().Add(invoice);
            change.InvoiceId = invoice.Id;
        }
        else
        {
            if (quote.Direction == ChangeDirection.Downgrade)
            {
                var credit = -quote.ProratedGross;
                await ledger.PostAsync(db, new PostingRequest(CreditKey(requestId), CreditTransactionKind,
                    $"Downgrade of {subscription.ServerName}: unused difference returned",
                    [Posting.Customer(request.CustomerId, credit), Posting.System(LedgerAccountKind.InvoicesSettled, -credit)],
                    request.CustomerId), cancellationToken);
            }

            await ApplyAsync(db, change, provisioning, now, cancellationToken);
            if (quote.Direction == ChangeDirection.Downgrade)
            {
                // Money credited to the balance pays open invoices first, like any incoming money.
                await settlement.ApplyBalanceAsync(db, request.CustomerId, null, cancellationToken);
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Outcome(change, replayed: false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        catch (DbUpdateException)
        {
            return null; // The same request saved first, or the invoice number raced: the next attempt sees which.
        }
    }

    private static LocalizedText Describe(ChangeQuote quote) => new(
        $"Change to {quote.ToTariffName.En} until {quote.PeriodEndUtc:yyyy-MM-dd}",
        $"Cambio a {quote.ToTariffName.For("es")} hasta {quote.PeriodEndUtc:yyyy-MM-dd}");

    private async Task<Result<ChangeOutcome>?> FindAsync(string requestId, Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, requestId, customerId, cancellationToken);
    }

    private static async Task<Result<ChangeOutcome>?> FindAsync(GameHostDbContext db, string requestId, Guid customerId, CancellationToken cancellationToken)
    {
        var change = await db.ServiceChanges().AsNoTracking().FirstOrDefaultAsync(c => c.RequestId == requestId, cancellationToken);
        if (change is null)
        {
            return null;
        }

        return change.CustomerId != customerId ? ChangesErrors.RequestIdReused : Outcome(change, replayed: true);
    }

    private static ChangeOutcome Outcome(ServiceChange change, bool replayed) => new(
        change.Id,
        change.Status,
        change.ProratedNet.Minor > 0 ? ChangeDirection.Upgrade : change.ProratedNet.Minor < 0 ? ChangeDirection.Downgrade : ChangeDirection.Even,
        change.ProratedGross,
        change.InvoiceId,
        replayed);
}
