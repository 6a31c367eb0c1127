using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing;

/// <summary>
/// Grandfathering carried out: services keep their locked price until a scheduled change's date, their customers
/// are told once in advance, and on the date the services move to the later version's price exactly once.
/// </summary>
public class PriceChangeSweepTests : IDisposable
{
    private static readonly NoticeContext Notice = new("GameHost", "https://billing.example.com/cabinet/services");
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private SubscriptionPriceChangeImpact Impact() => new(_data.Database);

    private PriceChangeSweep Sweep() => new(_data.Database, Impact(), _data.Time, TestNotifier.Create(_data.Time));

    /// <summary>Version 2 of the tariff: the ZAR monthly price goes up by R 10.00, and the 3-month ZAR price is removed.</summary>
    private async Task<Guid> RaisePriceAsync(Guid tariffId, bool dropThreeMonths = false)
    {
        await using var db = _data.Database.CreateDbContext();
        var tariff = await db.Tariffs().WithVersions().SingleAsync(t => t.Id == tariffId);
        var content = TariffVersionContent.Of(tariff.CurrentVersion);
        var prices = content.Prices
            .Where(p => !(dropThreeMonths && p.Period == BillingPeriod.Month3 && p.Amount.Currency == Currency.ZAR))
            .Select(p => p.Period == BillingPeriod.Month1 && p.Amount.Currency == Currency.ZAR ? p with { Amount = p.Amount + Money.FromMinor(1000, "ZAR") } : p)
            .ToList();
        db.TariffVersions().Add((content with { Prices = prices }).ToVersion(tariff.Id, 2, _data.NowUtc, new AuditActor(null, "Test")));
        tariff.CurrentVersionNumber = 2;
        await db.SaveChangesAsync();
        return tariffId;
    }

    private async Task<Guid> ScheduleAsync(Guid tariffId, TimeSpan inFuture)
    {
        await using var db = _data.Database.CreateDbContext();
        var change = new ScheduledPriceChange
        {
            Id = Guid.NewGuid(), TariffId = tariffId, FromVersionNumber = 1, ToVersionNumber = 2,
            EffectiveAtUtc = _data.NowUtc + inFuture, CreatedAtUtc = _data.NowUtc, CreatedByName = "Olivia",
        };
        db.ScheduledPriceChanges().Add(change);
        await db.SaveChangesAsync();
        return change.Id;
    }

    private async Task<Subscription> SubscriptionAsync(Guid id)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.Subscriptions().AsNoTracking().SingleAsync(s => s.Id == id);
    }

    [Fact]
    public async Task ListAffectedAsync_ServicesOnTheOlderVersion_ListsLiveOnesWithTheirNewRenewalPrice()
    {
        var tariffId = _data.TariffId("paper-4gb");
        var thandi = _data.AddCustomer("Thandi Nkosi");
        var sipho = _data.AddCustomer("Sipho Dlamini");
        var live = await _data.PlaceAsync(BillingTestData.Order(thandi, tariffId, addOns: new Dictionary<string, int> { ["extra-memory"] = 1 }));
        var cancelled = await _data.PlaceAsync(BillingTestData.Order(sipho, tariffId));
        await using (var db = _data.Database.CreateDbContext())
        {
            (await db.Subscriptions().SingleAsync(s => s.Id == cancelled.SubscriptionId)).Status = SubscriptionStatus.Cancelled;
            await db.SaveChangesAsync();
        }

        await RaisePriceAsync(tariffId);

        var affected = Assert.Single(await Impact().ListAffectedAsync(tariffId, 1, 2, CancellationToken.None));
        var before = await SubscriptionAsync(live.SubscriptionId);
        Assert.Equal((live.SubscriptionId, "Thandi Nkosi", "My server"), (affected.SubscriptionId, affected.CustomerName, affected.ServerName));
        Assert.Equal(before.RecurringNet, affected.CurrentRecurring);
        Assert.Equal(before.RecurringNet + Money.FromMinor(1000, "ZAR"), affected.NewRecurring);
        Assert.Equal(Money.FromMinor(1000, "ZAR"), affected.Difference);
    }

    [Fact]
    public async Task ListAffectedAsync_PeriodWithoutPriceOnTheLaterVersion_HasNoNewPrice()
    {
        var tariffId = _data.TariffId("paper-4gb");
        await _data.PlaceAsync(BillingTestData.Order(_data.AddCustomer(), tariffId, period: BillingPeriod.Month3));
        await RaisePriceAsync(tariffId, dropThreeMonths: true);

        var affected = Assert.Single(await Impact().ListAffectedAsync(tariffId, 1, 2, CancellationToken.None));

        Assert.Null(affected.NewRecurring);
        Assert.Null(affected.Difference);
    }

    [Fact]
    public async Task RunAsync_RunTwiceBeforeTheDate_MailsEachCustomerOnceAndKeepsTheLockedPrice()
    {
        var tariffId = _data.TariffId("paper-4gb");
        var placed = await _data.PlaceAsync(BillingTestData.Order(_data.AddCustomer("Thandi Nkosi"), tariffId));
        var locked = (await SubscriptionAsync(placed.SubscriptionId)).RecurringNet;
        await RaisePriceAsync(tariffId);
        var changeId = await ScheduleAsync(tariffId, TimeSpan.FromDays(20));

        var first = await Sweep().RunAsync(Notice, CancellationToken.None);
        var second = await Sweep().RunAsync(Notice, CancellationToken.None);

        Assert.Equal((1, 1, 0), (first.NoticesQueued, first.ChangesAnnounced, first.ServicesMoved));
        Assert.True(second.IsIdle);
        await using var db = _data.Database.CreateDbContext();
        var mail = await db.OutboundEmails.SingleAsync();
        Assert.Equal(NotificationCatalogue.Codes.PriceChangeAnnounced, mail.Category);
        var notification = await db.Notifications().SingleAsync();
        Assert.Equal((NotificationCatalogue.Codes.PriceChangeAnnounced, true), (notification.EventCode, notification.ShowInApp));
        Assert.Contains("Thandi", notification.Body, StringComparison.Ordinal);
        Assert.Contains(locked.Format(System.Globalization.CultureInfo.GetCultureInfo("en")), mail.TextBody, StringComparison.Ordinal);
        Assert.Contains((locked + Money.FromMinor(1000, "ZAR")).Format(System.Globalization.CultureInfo.GetCultureInfo("en")), mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(Notice.CabinetUrl, mail.TextBody, StringComparison.Ordinal);
        Assert.NotNull((await db.ScheduledPriceChanges().SingleAsync(c => c.Id == changeId)).NoticeSentAtUtc);
        var service = await db.Subscriptions().SingleAsync();
        Assert.Equal((1, locked), (service.TariffVersionNumber, service.RecurringNet));
    }

    [Fact]
    public async Task RunAsync_OnTheEffectiveDate_MovesTheServiceOnceToTheNewVersionAndPrice()
    {
        var tariffId = _data.TariffId("paper-4gb");
        var placed = await _data.PlaceAsync(BillingTestData.Order(_data.AddCustomer(), tariffId));
        var locked = (await SubscriptionAsync(placed.SubscriptionId)).RecurringNet;
        await RaisePriceAsync(tariffId);
        await ScheduleAsync(tariffId, TimeSpan.FromDays(20));
        await Sweep().RunAsync(Notice, CancellationToken.None);

        _data.Time.Advance(TimeSpan.FromDays(20));
        var applied = await Sweep().RunAsync(Notice, CancellationToken.None);
        var repeat = await Sweep().RunAsync(Notice, CancellationToken.None);

        Assert.Equal((1, 1), (applied.ServicesMoved, applied.ChangesApplied));
        Assert.True(repeat.IsIdle);
        var service = await SubscriptionAsync(placed.SubscriptionId);
        Assert.Equal((2, locked + Money.FromMinor(1000, "ZAR")), (service.TariffVersionNumber, service.RecurringNet));
    }

    [Fact]
    public async Task RunAsync_CustomerPrefersSpanish_GetsTheNoticeInSpanish()
    {
        var tariffId = _data.TariffId("paper-4gb");
        var customer = _data.AddCustomer("Lucia <b>Gomez</b>");
        await using (var db = _data.Database.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == customer)).PreferredLanguage = "es";
            await db.SaveChangesAsync();
        }

        await _data.PlaceAsync(BillingTestData.Order(customer, tariffId, serverName: "Mundo feliz"));
        await RaisePriceAsync(tariffId);
        await ScheduleAsync(tariffId, TimeSpan.FromDays(20));

        await Sweep().RunAsync(Notice, CancellationToken.None);

        await using var check = _data.Database.CreateDbContext();
        var mail = await check.OutboundEmails.SingleAsync();
        Assert.StartsWith("El precio de Mundo feliz cambia", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("mensual", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Lucia &lt;b&gt;Gomez&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", mail.HtmlBody, StringComparison.Ordinal);
    }
}
