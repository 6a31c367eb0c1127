using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Changes;

/// <param name="EndsAtUtc">When the service ends (now for an immediate cancel).</param>
/// <param name="Refunded">What went back to the balance (zero when the rule gives nothing).</param>
public sealed record CancellationOutcome(Guid SubscriptionId, DateTime EndsAtUtc, Money Refunded, bool Replayed);

/// <summary>What cancelling now would return to the balance, shown before the customer confirms.</summary>
public sealed record CancellationQuote(Guid SubscriptionId, DateTime PaidUntilUtc, CancellationRefundRule Rule, Money Unused, Money Fee, Money Refund);

/// <summary>
/// A customer ends a prepaid service: at the end of the paid period (<see cref="Subscription.EndsAtUtc"/> is set, no
/// renewal is issued after it, the <c>service-endings</c> sweep ends it then; undoable until then) or now (Cancelled
/// and the server's deletion queued in one save, with the unused part refunded to the balance as the staff-set rule says).
/// </summary>
public sealed class ServiceCancellation(
    IDbContextFactory<GameHostDbContext> contexts,
    ITaxPolicy taxPolicy,
    LedgerPosting ledger,
    InvoiceSettlement settlement,
    ProvisioningRequests provisioning,
    TimeProvider time)
{
    public const string RefundTransactionKind = "cancellation_refund";

    /// <summary>A subscription is cancelled now at most once, so its id keys the refund.</summary>
    public static string RefundKey(Guid subscriptionId) => $"cancel-refund:{subscriptionId:N}";

    public async Task<Result<CancellationOutcome>> CancelAtPeriodEndAsync(Guid customerId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subscription = await LoadAsync(db, customerId, subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return ChangesErrors.ServiceNotFound;
        }

        if (subscription.EndsAtUtc is { } ends && subscription.Status is SubscriptionStatus.Active or SubscriptionStatus.Suspended)
        {
            return new CancellationOutcome(subscription.Id, ends, Money.Zero(subscription.RecurringNet.Currency), Replayed: true);
        }

        if (subscription.Status != SubscriptionStatus.Active || subscription.PaidUntilUtc is not { } paidUntil)
        {
            return ChangesErrors.ServiceNotActive;
        }

        subscription.EndsAtUtc = paidUntil;
        subscription.ConcurrencyToken = Guid.NewGuid();
        return await SaveAsync(db, new CancellationOutcome(subscription.Id, paidUntil, Money.Zero(subscription.RecurringNet.Currency), false), cancellationToken);
    }

    /// <summary>Takes back a cancellation at period end while the period still runs; repeating it changes nothing.</summary>
    public async Task<Result> UndoCancelAsync(Guid customerId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subscription = await LoadAsync(db, customerId, subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return ChangesErrors.ServiceNotFound;
        }

        if (subscription.Status is not (SubscriptionStatus.Active or SubscriptionStatus.Suspended))
        {
            return ChangesErrors.ServiceNotActive;
        }

        if (subscription.EndsAtUtc is null)
        {
            return Result.Success();
        }

        subscription.EndsAtUtc = null;
        subscription.ConcurrencyToken = Guid.NewGuid();
        var saved = await SaveAsync(db, 0, cancellationToken);
        return saved.IsSuccess ? Result.Success() : saved.Error!;
    }

    public async Task<Result<CancellationQuote>> QuoteNowAsync(Guid customerId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subscription = await LoadAsync(db, customerId, subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return ChangesErrors.ServiceNotFound;
        }

        if (subscription.Status is not (SubscriptionStatus.Active or SubscriptionStatus.Suspended))
        {
            return ChangesErrors.ServiceNotActive;
        }

        return await QuoteAsync(db, subscription, cancellationToken);
    }

    /// <summary>Ends the service now: Cancelled, the server's deletion queued, the refund posted, all in one save.</summary>
    public async Task<Result<CancellationOutcome>> CancelNowAsync(Guid customerId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var subscription = await LoadAsync(db, customerId, subscriptionId, cancellationToken);
            if (subscription is null)
            {
                return ChangesErrors.ServiceNotFound;
            }

            if (subscription.Status == SubscriptionStatus.Cancelled && subscription.EndsAtUtc is { } ended)
            {
                var refunded = await CancellationRefunds.RefundedAsync(db, RefundKey(subscription.Id), subscription.RecurringNet.Currency, cancellationToken);
                return new CancellationOutcome(subscription.Id, ended, refunded, Replayed: true);
            }

            if (subscription.Status is not (SubscriptionStatus.Active or SubscriptionStatus.Suspended))
            {
                return ChangesErrors.ServiceNotActive;
            }

            var quote = await QuoteAsync(db, subscription, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            subscription.Status = SubscriptionStatus.Cancelled;
            subscription.EndsAtUtc = now;
            subscription.ConcurrencyToken = Guid.NewGuid();
            await provisioning.RequestDeleteAsync(db, subscription.Id, cancellationToken);
            await CancellationRefunds.PostAsync(db, ledger, settlement, customerId, quote.Refund, RefundKey(subscription.Id), RefundTransactionKind,
                $"Cancellation of {subscription.ServerName}: unused time returned", cancellationToken);

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new CancellationOutcome(subscription.Id, now, quote.Refund, Replayed: false);
            }
            catch (DbUpdateException)
            {
                // A renewal, a payment or a second click raced: look again.
            }
        }

        return ChangesErrors.Busy;
    }

    /// <summary>What ending the service now returns (<see cref="CancellationRefunds"/>), against the invoice that paid the current period.</summary>
    private async Task<CancellationQuote> QuoteAsync(GameHostDbContext db, Subscription subscription, CancellationToken cancellationToken)
    {
        var settings = await CancellationRefunds.SettingsAsync(db, cancellationToken);
        if (subscription.Status != SubscriptionStatus.Active || subscription.CurrentPeriodStartUtc is not { } start || subscription.PaidUntilUtc is not { } end
            || settings.RefundRule == CancellationRefundRule.None)
        {
            var none = CancellationRefunds.None(settings.RefundRule, subscription.RecurringNet.Currency);
            return new CancellationQuote(subscription.Id, subscription.PaidUntilUtc ?? time.GetUtcNow().UtcDateTime, none.Rule, none.Unused, none.Fee, none.Refund);
        }

        var orderKey = UseCases.PlaceOrder.OrderInvoiceKey(subscription.RequestId);
        var paid = await db.Invoices().AsNoTracking().Include(i => i.Lines)
            .Where(i => i.SubscriptionId == subscription.Id && i.Status == InvoiceStatus.Paid
                && (i.ServicePeriodStartUtc == start || i.IdempotencyKey == orderKey))
            .ToListAsync(cancellationToken);
        var invoice = paid.FirstOrDefault(i => i.ServicePeriodStartUtc == start) ?? paid.FirstOrDefault();
        var charged = invoice?.Lines.Where(l => l.Kind != InvoiceLineKind.SetupFee)
            .Aggregate(Money.Zero(subscription.RecurringNet.Currency), (sum, l) => sum + l.Gross);
        var periodGross = await CancellationRefunds.PeriodGrossAsync(db, taxPolicy, subscription.CustomerId, subscription.RecurringNet, charged, cancellationToken);
        var amounts = CancellationRefunds.Compute(settings.RefundRule, settings.CancellationFeeBasisPoints, periodGross, start, end, time.GetUtcNow().UtcDateTime);
        return new CancellationQuote(subscription.Id, end, amounts.Rule, amounts.Unused, amounts.Fee, amounts.Refund);
    }

    private static Task<Subscription?> LoadAsync(GameHostDbContext db, Guid customerId, Guid subscriptionId, CancellationToken cancellationToken) =>
        db.Subscriptions().FirstOrDefaultAsync(s => s.Id == subscriptionId && s.CustomerId == customerId, cancellationToken);

    private static async Task<Result<T>> SaveAsync<T>(GameHostDbContext db, T value, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return value;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangesErrors.Busy;
        }
    }
}

/// <param name="CancellationFeePercent">0–100, whole or with up to two decimals (10.5 = 10.5 %).</param>
public sealed record ChangeSettingsView(CancellationRefundRule RefundRule, decimal CancellationFeePercent, DateTime? UpdatedAtUtc);

/// <summary>The cancellation refund rule staff set in the admin console; changing it is for administrators and audited.</summary>
public sealed class BillingChangeSettingsService(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const string AuditAction = "billing.cancellation_rule_changed";

    public async Task<ChangeSettingsView> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.BillingChangeSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new BillingChangeSettings();
        return View(settings);
    }

    public async Task<Result<ChangeSettingsView>> SaveAsync(Guid actorUserId, CancellationRefundRule rule, decimal feePercent, CancellationToken cancellationToken)
    {
        if (feePercent is < 0 or > 100 || decimal.Round(feePercent, 2) != feePercent || !Enum.IsDefined(rule))
        {
            return ChangesErrors.FeeOutOfRange;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return ChangesErrors.SettingsActorNotAdmin;
        }

        var settings = await db.BillingChangeSettings().FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new BillingChangeSettings { ConcurrencyToken = Guid.NewGuid() };
            db.BillingChangeSettings().Add(settings);
        }

        var before = View(settings);
        var basisPoints = (int)(feePercent * 100);
        if (settings.RefundRule == rule && settings.CancellationFeeBasisPoints == basisPoints)
        {
            return before;
        }

        settings.RefundRule = rule;
        settings.CancellationFeeBasisPoints = basisPoints;
        settings.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        settings.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor, AuditAction, "BillingChangeSettings", BillingChangeSettings.SingletonId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { before.RefundRule, before.CancellationFeePercent }, new { RefundRule = rule, CancellationFeePercent = feePercent });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangesErrors.Busy;
        }

        return View(settings);
    }

    private static ChangeSettingsView View(BillingChangeSettings settings) =>
        new(settings.RefundRule, settings.CancellationFeeBasisPoints / 100m, settings.UpdatedAtUtc);
}
