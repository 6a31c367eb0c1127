using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Sweeps;

public sealed record PriceChangeSweepResult(int NoticesQueued, int ChangesAnnounced, int ServicesMoved, int ChangesApplied)
{
    public bool IsIdle => ChangesAnnounced + ChangesApplied == 0;

    public string ToSummary() =>
        $"{NoticesQueued} notices for {ChangesAnnounced} price changes; {ServicesMoved} services moved by {ChangesApplied} changes";
}

/// <summary>
/// Carries out the price changes staff scheduled: first it tells every customer affected (one notification per service,
/// saved in the same transaction that marks the change announced, so a repeat sends nothing twice), then, once the
/// effective time has come, it moves the services to the later version and its renewal price. Services keep their
/// locked price until then (grandfathering). Safe to run as often as wanted.
/// </summary>
public sealed class PriceChangeSweep(IDbContextFactory<GameHostDbContext> contexts, IPriceChangeImpact impact, TimeProvider time, Notifier notifier)
{
    public async Task<PriceChangeSweepResult> RunAsync(NoticeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notices = 0;
        var announced = 0;
        var moved = 0;
        var applied = 0;
        foreach (var changeId in await PendingAsync(c => c.NoticeSentAtUtc == null, cancellationToken))
        {
            notices += await AnnounceAsync(changeId, context, cancellationToken);
            announced++;
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var changeId in await PendingAsync(c => c.NoticeSentAtUtc != null && c.EffectiveAtUtc <= now, cancellationToken))
        {
            moved += await ApplyAsync(changeId, cancellationToken);
            applied++;
        }

        return new PriceChangeSweepResult(notices, announced, moved, applied);
    }

    private async Task<List<Guid>> PendingAsync(
        System.Linq.Expressions.Expression<Func<ScheduledPriceChange, bool>> filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ScheduledPriceChanges().AsNoTracking()
            .Where(c => c.AppliedAtUtc == null).Where(filter)
            .OrderBy(c => c.EffectiveAtUtc).Select(c => c.Id)
            .ToListAsync(cancellationToken);
    }

    private async Task<int> AnnounceAsync(Guid changeId, NoticeContext context, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var change = await db.ScheduledPriceChanges().SingleAsync(c => c.Id == changeId, cancellationToken);
        var affected = await impact.ListAffectedAsync(change.TariffId, change.FromVersionNumber, change.ToVersionNumber, cancellationToken);
        var customerIds = affected.Select(a => a.CustomerId).Distinct().ToList();
        var customers = await db.Users.AsNoTracking().Where(u => customerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var queued = 0;
        foreach (var service in affected.Where(a => a.NewRecurring is not null))
        {
            if (customers.TryGetValue(service.CustomerId, out var customer))
            {
                var language = customer.PreferredLanguage;
                var values = new Dictionary<string, string?>
                {
                    ["server_name"] = service.ServerName,
                    ["period"] = NotificationValues.Text("Period." + service.Period, language),
                    ["old_price"] = NotificationValues.Amount(service.CurrentRecurring, language),
                    ["new_price"] = NotificationValues.Amount(service.NewRecurring!.Value, language),
                    ["effective_date"] = NotificationValues.Date(change.EffectiveAtUtc, language),
                };
                var raised = await notifier.NotifyAsync(db, new NotifyRequest(
                    NotificationCatalogue.Codes.PriceChangeAnnounced, customer.Id, values,
                    $"price-change:{change.Id:N}:{service.SubscriptionId:N}", context.CabinetUrl), cancellationToken);
                queued += raised is null ? 0 : 1;
            }
        }

        change.NoticeSentAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    private async Task<int> ApplyAsync(Guid changeId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var change = await db.ScheduledPriceChanges().SingleAsync(c => c.Id == changeId, cancellationToken);
        var versions = await db.TariffVersions().AsNoTracking().Include(v => v.Prices)
            .Where(v => v.TariffId == change.TariffId && (v.Number == change.FromVersionNumber || v.Number == change.ToVersionNumber))
            .ToListAsync(cancellationToken);
        var from = versions.Single(v => v.Number == change.FromVersionNumber);
        var to = versions.Single(v => v.Number == change.ToVersionNumber);
        var services = await db.Subscriptions()
            .Where(s => s.TariffId == change.TariffId && s.TariffVersionNumber == change.FromVersionNumber && s.Status != SubscriptionStatus.Cancelled && s.Status != SubscriptionStatus.Terminated)
            .ToListAsync(cancellationToken);
        var moved = 0;
        foreach (var service in services)
        {
            var next = SubscriptionPriceChangeImpact.NewRecurring(
                service, SubscriptionPriceChangeImpact.PriceOf(from, service), SubscriptionPriceChangeImpact.PriceOf(to, service));
            if (next is null)
            {
                // Scheduling refuses unpriced services, so this is a version edited by hand: leave the service as it is
                // rather than guess a price.
                continue;
            }

            service.TariffVersionNumber = change.ToVersionNumber;
            service.RecurringNet = next.Value;
            moved++;
        }

        change.AppliedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return moved;
    }
}
