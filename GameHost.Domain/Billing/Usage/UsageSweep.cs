using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Postpaid;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Usage;

/// <summary>When the usage sweep warns that the money is running out.</summary>
public sealed class UsageOptions
{
    public const string Section = "Billing:Usage";

    /// <summary>The first low-balance e-mail: the forecast says the money lasts this long or less.</summary>
    public TimeSpan FirstWarningBefore { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The last e-mail before services stop: the money lasts this long or less (one hourly unit).</summary>
    public TimeSpan FinalWarningBefore { get; set; } = TimeSpan.FromHours(1);
}

public sealed record UsageSweepResult(int UnitsCharged, int ServicesSuspended, int ServicesResumed, int WarningsQueued)
{
    public bool IsIdle => UnitsCharged + ServicesSuspended + ServicesResumed + WarningsQueued == 0;

    public string ToSummary() =>
        $"{UnitsCharged} units charged; {ServicesSuspended} services suspended, {ServicesResumed} resumed; {WarningsQueued} low-balance warnings";
}

/// <summary>
/// Charges pay-as-you-go services for every unit (hour or day) that has started, once each: from the balance, or —
/// for a customer with a credit limit — as unbilled usage up to the limit. A missed run catches up every unit that was
/// due. When the money cannot pay the next unit the service is suspended (queued to the panel); after a top-up it
/// resumes on the next run, its next unit starting then (the suspended time is not billed). Low-balance e-mails go
/// before anything stops, each once per low spell. Each service is charged in its own save, guarded by the unit's
/// unique ledger key, the unique (service, unit) row and the subscription's concurrency token, so a repeated,
/// concurrent or crashed run changes nothing twice.
/// </summary>
public sealed class UsageSweep(
    IDbContextFactory<GameHostDbContext> contexts,
    LedgerPosting ledger,
    ProvisioningRequests provisioning,
    ITaxPolicy taxPolicy,
    BalanceOverviewQuery overview,
    IOptions<UsageOptions> options,
    TimeProvider time,
    Notifier notifier)
{
    public const string TransactionKind = "usage_charged";

    public const int MaxAttempts = 5;

    public async Task<UsageSweepResult> RunAsync(NoticeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var suspended = db.UsageSuspensions().Select(u => u.SubscriptionId);
            due = await db.Subscriptions().AsNoTracking()
                .Where(s => s.BillingModel != BillingModel.PrepaidPeriodic)
                .Where(s => (s.Status == SubscriptionStatus.Active && s.PaidUntilUtc != null && s.PaidUntilUtc <= now)
                    || (s.Status == SubscriptionStatus.Suspended && suspended.Contains(s.Id)))
                .OrderBy(s => s.PaidUntilUtc).Select(s => s.Id)
                .ToListAsync(cancellationToken);
        }

        var charged = 0;
        var suspendedCount = 0;
        var resumed = 0;
        foreach (var subscriptionId in due)
        {
            var outcome = await ChargeWithRetriesAsync(subscriptionId, cancellationToken);
            charged += outcome.Units;
            suspendedCount += outcome.Suspended ? 1 : 0;
            resumed += outcome.Resumed ? 1 : 0;
        }

        var warnings = await WarnAsync(context, cancellationToken);
        return new UsageSweepResult(charged, suspendedCount, resumed, warnings);
    }

    private sealed record Outcome(int Units, bool Suspended, bool Resumed)
    {
        public static readonly Outcome None = new(0, false, false);
    }

    private async Task<Outcome> ChargeWithRetriesAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                return await ChargeAsync(subscriptionId, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A racing run charged this service (or moved the balance) first: look again; what it did is done.
            }
        }

        return Outcome.None;
    }

    private async Task<Outcome> ChargeAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var subscription = await db.Subscriptions().FirstAsync(s => s.Id == subscriptionId, cancellationToken);
        var buyer = await OrderBuyer.LoadAsync(db, subscription.CustomerId, cancellationToken);
        if (buyer is null || subscription.RecurringNet.Currency != buyer.Currency || subscription.PaidUntilUtc is null)
        {
            return Outcome.None; // No billing profile or a currency mismatch: nothing can be charged safely.
        }

        var wallet = await Wallet.LoadAsync(db, subscription.CustomerId, buyer.Currency, now, cancellationToken);
        var tax = await taxPolicy.TaxForAsync(buyer.Snapshot, subscription.RecurringNet, cancellationToken);
        var gross = tax.Gross; // The catalog price may include tax: the policy splits it.
        var units = 0;
        var resumed = false;
        var suspension = await db.UsageSuspensions().FirstOrDefaultAsync(u => u.SubscriptionId == subscriptionId, cancellationToken);
        if (subscription.Status == SubscriptionStatus.Suspended)
        {
            if (suspension is null || !wallet.CanPay(gross))
            {
                return Outcome.None;
            }

            // Back on: the next unit starts now; the time it stood suspended is not billed.
            subscription.PaidUntilUtc = now;
            subscription.Status = SubscriptionStatus.Active;
            db.UsageSuspensions().Remove(suspension);
            await provisioning.RequestUnsuspendAsync(db, subscriptionId, cancellationToken);
            await NotifyAsync(db, NotificationCatalogue.Codes.ServiceUnsuspended, subscription, $"usage-resumed:{subscriptionId:N}:{suspension.SuspendedAtUtc.Ticks}", null, cancellationToken);
            resumed = true;
        }

        var suspendedNow = false;
        while (subscription.Status == SubscriptionStatus.Active && subscription.PaidUntilUtc is { } unitStart && unitStart <= now)
        {
            if (!wallet.CanPay(gross))
            {
                subscription.Status = SubscriptionStatus.Suspended;
                db.UsageSuspensions().Add(new UsageSuspension { SubscriptionId = subscriptionId, CustomerId = subscription.CustomerId, SuspendedAtUtc = now });
                await provisioning.RequestSuspendAsync(db, subscriptionId, cancellationToken);
                await NotifyAsync(db, NotificationCatalogue.Codes.ServiceSuspended, subscription, $"usage-suspended:{subscriptionId:N}:{now.Ticks}", "Reason.BalanceRanOut", cancellationToken);
                suspendedNow = true;
                break;
            }

            var unitEnd = subscription.Period.EndOf(unitStart) ?? throw new DomainException("billing.usage_period", "A pay-as-you-go service needs an hourly or daily period.");
            var charge = new UsageCharge
            {
                SubscriptionId = subscriptionId,
                CustomerId = subscription.CustomerId,
                UnitStartUtc = unitStart,
                UnitEndUtc = unitEnd,
                Net = tax.Net,
                Tax = tax.Tax,
                Gross = gross,
                TaxRateBasisPoints = tax.RateBasisPoints,
                Mode = wallet.IsPostpaid ? UsageChargeMode.Postpaid : UsageChargeMode.Balance,
                CreatedAtUtc = now,
            };
            if (!wallet.IsPostpaid && !gross.IsZero)
            {
                var (transaction, _) = await ledger.PostAsync(db, new PostingRequest(
                    UsageCharge.LedgerKey(subscriptionId, unitStart), TransactionKind,
                    $"{subscription.ServerName}: {(subscription.Period == BillingPeriod.Day ? "day" : "hour")} from {unitStart:yyyy-MM-dd HH:mm} UTC",
                    [Posting.Customer(subscription.CustomerId, -gross), Posting.System(LedgerAccountKind.InvoicesSettled, gross)],
                    subscription.CustomerId), cancellationToken);
                charge.LedgerTransactionId = transaction.Id;
            }

            wallet.Spend(gross);
            db.UsageCharges().Add(charge);
            subscription.CurrentPeriodStartUtc = unitStart;
            subscription.PaidUntilUtc = unitEnd;
            units++;
        }

        if (units == 0 && !suspendedNow && !resumed)
        {
            return Outcome.None;
        }

        subscription.ConcurrencyToken = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        return new Outcome(units, suspendedNow, resumed);
    }

    /// <summary>Low-balance e-mails for customers with running pay-as-you-go services; each once per low spell.</summary>
    private async Task<int> WarnAsync(NoticeContext context, CancellationToken cancellationToken)
    {
        List<Guid> customers;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var running = db.Subscriptions().Where(s => s.BillingModel != BillingModel.PrepaidPeriodic && s.Status == SubscriptionStatus.Active)
                .Select(s => s.CustomerId);
            customers = await running.Union(db.LowBalanceSpells().Select(s => s.CustomerId)).Distinct().ToListAsync(cancellationToken);
        }

        var queued = 0;
        foreach (var customerId in customers)
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                try
                {
                    queued += await WarnAsync(customerId, context, cancellationToken);
                    break;
                }
                catch (DbUpdateException)
                {
                    // A racing run updated this customer's spell first: look again.
                }
            }
        }

        return queued;
    }

    private async Task<int> WarnAsync(Guid customerId, NoticeContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var view = await overview.ExecuteAsync(customerId, cancellationToken);
        if (view is null)
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var spell = await db.LowBalanceSpells().FirstOrDefaultAsync(s => s.CustomerId == customerId, cancellationToken);
        var payg = view.Streams.Any(s => s.Kind == ChargeStreamKind.PayAsYouGo);
        var left = payg && view.RunsOutAtUtc is { } runsOut ? runsOut - now : (TimeSpan?)null;
        var settings = options.Value;
        if (left is null || left > settings.FirstWarningBefore)
        {
            if (spell is not { IsOpen: true })
            {
                return 0;
            }

            // Comfortable again: the spell is over, the next shortfall warns afresh.
            spell.Spell++;
            spell.FirstWarningSentAtUtc = null;
            spell.FinalWarningSentAtUtc = null;
            spell.ConcurrencyToken = Guid.NewGuid();
            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }

        if (spell is null)
        {
            spell = new LowBalanceSpell { CustomerId = customerId, Spell = 1, ConcurrencyToken = Guid.NewGuid() };
            db.LowBalanceSpells().Add(spell);
        }

        var final = left <= settings.FinalWarningBefore;
        if (final ? spell.FinalWarningSentAtUtc is not null : spell.FirstWarningSentAtUtc is not null)
        {
            return 0;
        }

        var language = await db.Users.AsNoTracking().Where(u => u.Id == customerId).Select(u => u.PreferredLanguage).FirstAsync(cancellationToken);
        var values = new Dictionary<string, string?>
        {
            ["balance"] = NotificationValues.Amount(view.Balance, language),
            ["runs_out"] = NotificationValues.DateAndTime(view.RunsOutAtUtc!.Value, language),
            ["recommended"] = NotificationValues.Amount(view.Recommendation.Recommended, language),
        };
        await notifier.NotifyAsync(db, new NotifyRequest(
            NotificationCatalogue.Codes.LowBalance, customerId, values, LowBalanceNotices.Key(customerId, spell.Spell, final), context.CabinetUrl), cancellationToken);

        spell.FirstWarningSentAtUtc ??= now;
        if (final)
        {
            spell.FinalWarningSentAtUtc = now;
        }

        spell.ConcurrencyToken = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        return 1;
    }

    private async Task NotifyAsync(
        GameHostDbContext db, string eventCode, Subscription subscription, string key, string? reasonKey, CancellationToken cancellationToken)
    {
        var language = await db.Users.AsNoTracking().Where(u => u.Id == subscription.CustomerId).Select(u => u.PreferredLanguage).FirstOrDefaultAsync(cancellationToken);
        var values = new Dictionary<string, string?> { ["server_name"] = subscription.ServerName };
        if (reasonKey is not null)
        {
            values["reason"] = NotificationValues.Text(reasonKey, language);
        }

        await notifier.NotifyAsync(db, new NotifyRequest(eventCode, subscription.CustomerId, values, key, $"/cabinet/services/{subscription.Id:D}"), cancellationToken);
    }
}

/// <summary>
/// What a customer can spend on usage inside one save: the balance, or for a customer with a credit limit the limit
/// less what they already owe (unbilled usage and open invoices, offset by any positive balance).
/// </summary>
internal sealed class Wallet
{
    private long _spendable;

    private Wallet(bool isPostpaid, long spendable)
    {
        IsPostpaid = isPostpaid;
        _spendable = spendable;
    }

    public bool IsPostpaid { get; }

    public bool CanPay(Money amount) => _spendable >= amount.Minor;

    public void Spend(Money amount) => _spendable -= amount.Minor;

    public static async Task<Wallet> LoadAsync(GameHostDbContext db, Guid customerId, Currency currency, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var account = await LedgerPosting.AccountAsync(db, Posting.Customer(customerId, Money.Zero(currency)), nowUtc, cancellationToken);
        var limit = await db.CreditLimits().AsNoTracking().FirstOrDefaultAsync(l => l.CustomerId == customerId, cancellationToken);
        if (limit is null || limit.Limit.IsZero || limit.Limit.Currency != currency)
        {
            return new Wallet(false, account.Balance.Minor);
        }

        var owed = await CustomerExposure.OwedAsync(db, customerId, currency, cancellationToken);
        return new Wallet(true, limit.Limit.Minor + account.Balance.Minor - owed.Minor);
    }
}

/// <summary>What a customer owes beyond their balance: unbilled postpaid usage plus open invoices.</summary>
public static class CustomerExposure
{
    public static async Task<Money> UnbilledUsageAsync(GameHostDbContext db, Guid customerId, Currency currency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var minors = await db.UsageCharges().AsNoTracking()
            .Where(c => c.CustomerId == customerId && c.Mode == UsageChargeMode.Postpaid && c.InvoiceId == null)
            .Select(c => c.Gross.Minor).ToListAsync(cancellationToken);
        return new Money(minors.Sum(), currency);
    }

    public static async Task<Money> OpenInvoicesAsync(GameHostDbContext db, Guid customerId, Currency currency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var minors = await db.Invoices().AsNoTracking()
            .Where(i => i.CustomerId == customerId && i.Status == InvoiceStatus.Open)
            .Select(i => i.GrossTotal.Minor).ToListAsync(cancellationToken);
        return new Money(minors.Sum(), currency);
    }

    public static async Task<Money> OwedAsync(GameHostDbContext db, Guid customerId, Currency currency, CancellationToken cancellationToken) =>
        await UnbilledUsageAsync(db, customerId, currency, cancellationToken) + await OpenInvoicesAsync(db, customerId, currency, cancellationToken);
}
