using System.Data.Common;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Notices;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.Domain.Billing.Renewals;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Billing.Notices;

/// <summary>
/// "Invoice issued" is raised by the save that issues the invoice, whichever use case or sweep issued it: one
/// notification per invoice (keyed on its id), in the customer's language, on the channels the customer chose, and a
/// renewal batch pays for it with a fixed number of reads.
/// </summary>
public sealed class InvoiceIssuedNoticesTests : IDisposable
{
    private readonly RenewalTestKit _kit = new();
    private readonly InterceptedFileContexts _noticing;

    public InvoiceIssuedNoticesTests()
    {
        _noticing = new InterceptedFileContexts(_kit.Data.Database, new InvoiceIssuedNotices(TestNotifier.Create(_kit.Data.Time)));
    }

    public void Dispose() => _kit.Dispose();

    private PlaceOrder PlaceOrder() => new(
        _noticing,
        new QuoteOrder(_kit.Data.Database, new SubscriptionTariffUsage(_kit.Data.Database), _kit.Data.Time),
        new RedeemPromoCode(_kit.Data.Database, _kit.Data.Time),
        _kit.Data.Capacity,
        new NoTaxYet(),
        _kit.Data.Time);

    private RenewalSweep Renewals(IDbContextFactory<GameHostDbContext> contexts) =>
        new(contexts, new LedgerPosting(_kit.Data.Time), _kit.Settlement(), new NoTaxYet(), new NoAutoPay(), Options.Create(_kit.RenewalOptions), _kit.Data.Time);

    private async Task<List<Notification>> IssuedNoticesAsync(Guid? customer = null)
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        return await db.Notifications().AsNoTracking().Include(n => n.Deliveries)
            .Where(n => n.EventCode == Codes.InvoiceIssued && (customer == null || n.UserId == customer))
            .OrderBy(n => n.CreatedAtUtc).ToListAsync();
    }

    [Fact]
    public async Task PlaceOrder_OrderPlacedThenReplayed_OneInvoiceIssuedNoticeWithNumberAmountDueDateAndEmail()
    {
        var customer = _kit.Data.AddCustomer();
        var command = BillingTestData.Order(customer, _kit.Data.TariffId("paper-4gb"), requestId: "order-form-1");

        var first = await PlaceOrder().ExecuteAsync(command, CancellationToken.None);
        var replay = await PlaceOrder().ExecuteAsync(command, CancellationToken.None);

        Assert.True(first.IsSuccess && replay.IsSuccess);
        Assert.Equal(first.Value.InvoiceId, replay.Value.InvoiceId);
        var notice = Assert.Single(await IssuedNoticesAsync());
        Assert.Equal(customer, notice.UserId);
        Assert.Equal($"{InvoiceIssuedNotices.Key(first.Value.InvoiceId)}:{customer:N}", notice.IdempotencyKey);
        Assert.True(notice.ShowInApp);
        await using var db = _kit.Data.Database.CreateDbContext();
        var invoice = await db.Invoices().AsNoTracking().SingleAsync(i => i.Id == first.Value.InvoiceId);
        Assert.Contains(invoice.DisplayNumber!, notice.Title, StringComparison.Ordinal);
        Assert.Contains(invoice.GrossTotal.Format(System.Globalization.CultureInfo.GetCultureInfo("en")), notice.Body, StringComparison.Ordinal);
        Assert.Contains(invoice.DueAtUtc!.Value.ToString("D", System.Globalization.CultureInfo.GetCultureInfo("en")), notice.Body, StringComparison.Ordinal);
        Assert.EndsWith(InvoiceIssuedNotices.Link(invoice.Id), notice.Link, StringComparison.Ordinal);
        // Mandatory: the e-mail goes whatever the preferences say, through the outbox, without an unsubscribe link.
        var email = await db.OutboundEmails.AsNoTracking().SingleAsync(e => e.Category == Codes.InvoiceIssued);
        Assert.Equal(customer, email.UserId);
        Assert.Null(email.UnsubscribeUrl);
    }

    [Fact]
    public async Task PlaceOrder_SpanishCustomer_NoticeInSpanishWithSpanishAmountAndDate()
    {
        var customer = _kit.Data.AddCustomer(name: "Bruno Díaz");
        await using (var db = _kit.Data.Database.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Id == customer);
            user.PreferredLanguage = "es";
            await db.SaveChangesAsync();
        }

        var placed = await PlaceOrder().ExecuteAsync(BillingTestData.Order(customer, _kit.Data.TariffId("paper-4gb")), CancellationToken.None);

        Assert.True(placed.IsSuccess);
        var notice = Assert.Single(await IssuedNoticesAsync());
        Assert.Equal("es", notice.Language);
        Assert.Contains("Factura", notice.Title, StringComparison.Ordinal);
        Assert.Contains(placed.Value.GrossTotal.Format(System.Globalization.CultureInfo.GetCultureInfo("es")), notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewalSweep_DueServicesRunTwice_EachRenewalInvoiceNotifiedOnce()
    {
        var services = new List<(Guid Customer, Guid Subscription)>();
        var paidUntil = new List<DateTime>();
        for (var i = 0; i < 3; i++)
        {
            var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
            await _kit.TopUpAsync(customer, price.Minor, $"topup-{i}");
            services.Add((customer, subscriptionId));
            paidUntil.Add((await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value);
        }

        Assert.Empty(await IssuedNoticesAsync()); // orders placed without the notices wired: only renewals count below
        _kit.AdvanceTo(paidUntil.Max().AddDays(-6));

        var first = await Renewals(_noticing).RunAsync(CancellationToken.None);
        var second = await Renewals(_noticing).RunAsync(CancellationToken.None);

        Assert.Equal(3, first.Invoiced);
        Assert.True(second.IsIdle);
        var notices = await IssuedNoticesAsync();
        Assert.Equal(3, notices.Count);
        foreach (var (customer, subscriptionId) in services)
        {
            var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId));
            var notice = Assert.Single(notices, n => n.UserId == customer);
            Assert.Equal($"{InvoiceIssuedNotices.Key(invoice.Id)}:{customer:N}", notice.IdempotencyKey);
            Assert.Contains(invoice.DisplayNumber!, notice.Title, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RenewalSweep_MoreServicesInOneBatch_NoticesCostTheSameNumberOfReads()
    {
        var two = await RenewCountingAsync(services: 2);
        var six = await RenewCountingAsync(services: 6);

        Assert.Equal((2, 2), (two.Invoiced, two.Notices));
        Assert.Equal((6, 6), (six.Invoiced, six.Notices));
        Assert.Equal(two.Reads, six.Reads);
    }

    [Fact]
    public async Task RenewalSweep_CustomerChoices_TelegramOffForOneSmsOnForAnother()
    {
        var (quiet, quietService, quietPrice) = await _kit.ActiveServiceAsync();
        var (loud, loudService, loudPrice) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(quiet, quietPrice.Minor, "topup-quiet");
        await _kit.TopUpAsync(loud, loudPrice.Minor, "topup-loud");
        await using (var db = _kit.Data.Database.CreateDbContext())
        {
            var settings = await db.NotificationChannelSettings().FirstOrDefaultAsync();
            if (settings is null)
            {
                settings = new NotificationChannelSettings();
                db.NotificationChannelSettings().Add(settings);
            }

            settings.TelegramEnabled = true;
            settings.SmsEnabled = true;
            db.NotificationContacts().Add(new NotificationContact { UserId = quiet, TelegramChatId = 111, PhoneNumber = "+27820000001" });
            db.NotificationContacts().Add(new NotificationContact { UserId = loud, TelegramChatId = 222, PhoneNumber = "+27820000002" });
            db.NotificationPreferences().Add(new NotificationPreference { UserId = quiet, EventCode = Codes.InvoiceIssued, Channel = NotificationChannel.Telegram, Enabled = false, UpdatedAtUtc = _kit.NowUtc });
            db.NotificationPreferences().Add(new NotificationPreference { UserId = loud, EventCode = Codes.InvoiceIssued, Channel = NotificationChannel.Sms, Enabled = true, UpdatedAtUtc = _kit.NowUtc });
            // Switching off a mandatory channel cannot be stored through the product; even a stray row is ignored.
            db.NotificationPreferences().Add(new NotificationPreference { UserId = quiet, EventCode = Codes.InvoiceIssued, Channel = NotificationChannel.Email, Enabled = false, UpdatedAtUtc = _kit.NowUtc });
            await db.SaveChangesAsync();
        }

        var until = new[] { (await _kit.SubscriptionAsync(quietService)).PaidUntilUtc!.Value, (await _kit.SubscriptionAsync(loudService)).PaidUntilUtc!.Value };
        _kit.AdvanceTo(until.Max().AddDays(-6));

        await Renewals(_noticing).RunAsync(CancellationToken.None);

        var quietNotice = Assert.Single(await IssuedNoticesAsync(quiet));
        var loudNotice = Assert.Single(await IssuedNoticesAsync(loud));
        Assert.Equal([NotificationChannel.Email], quietNotice.Deliveries.Select(d => d.Channel).Order());
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Telegram, NotificationChannel.Sms], loudNotice.Deliveries.Select(d => d.Channel).Order());
        Assert.Equal("+27820000002", loudNotice.Deliveries.Single(d => d.Channel == NotificationChannel.Sms).Destination);
    }

    [Fact]
    public async Task SaveChanges_DraftSavedThenIssuedLater_NoticeRaisedByTheIssuingSaveOnly()
    {
        var customer = _kit.Data.AddCustomer();
        var invoiceId = Guid.NewGuid();
        await using (var db = _noticing.CreateDbContext())
        {
            var draft = Invoice.Draft(customer, null, "manual:" + invoiceId.ToString("N"), Currency.ZAR, new InvoiceBuyer("Thandi Nkosi", null, "ZA", null), _kit.NowUtc);
            draft.AddLine(InvoiceLineKind.Product, "setup", new GameHost.Domain.Catalog.LocalizedText("Set-up", "Instalación"), 1, new Money(5000, Currency.ZAR), new Money(5000, Currency.ZAR), Money.Zero(Currency.ZAR), 0);
            db.Invoices().Add(draft);
            await db.SaveChangesAsync();
            invoiceId = draft.Id;
        }

        Assert.Empty(await IssuedNoticesAsync());

        await using (var db = _noticing.CreateDbContext())
        {
            var draft = await db.Invoices().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId);
            await InvoiceIssuing.IssueAsync(db, draft, InvoiceNumbering.DefaultSeries, _kit.NowUtc, _kit.NowUtc.AddDays(7), CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await using (var db = _noticing.CreateDbContext())
        {
            // Touching the issued invoice again (paying it) raises nothing more.
            var issued = await db.Invoices().SingleAsync(i => i.Id == invoiceId);
            issued.MarkPaid(_kit.NowUtc);
            await db.SaveChangesAsync();
        }

        var notice = Assert.Single(await IssuedNoticesAsync());
        Assert.Equal($"{InvoiceIssuedNotices.Key(invoiceId)}:{customer:N}", notice.IdempotencyKey);
    }

    private static async Task<(int Invoiced, int Notices, int Reads)> RenewCountingAsync(int services)
    {
        using var kit = new RenewalTestKit();
        var paidUntil = new List<DateTime>();
        for (var i = 0; i < services; i++)
        {
            var (customer, subscriptionId, price) = await kit.ActiveServiceAsync();
            await kit.TopUpAsync(customer, price.Minor, $"topup-{i}");
            paidUntil.Add((await kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value);
        }

        kit.AdvanceTo(paidUntil.Max().AddDays(-6));
        var counter = new ReadCounter();
        var factory = new InterceptedFileContexts(kit.Data.Database, new InvoiceIssuedNotices(TestNotifier.Create(kit.Data.Time)), counter);
        var ledger = new LedgerPosting(kit.Data.Time);
        var sweep = new RenewalSweep(factory, ledger, new InvoiceSettlement(ledger, new ProvisioningRequests(kit.Data.Time), kit.Data.Time),
            new NoTaxYet(), new NoAutoPay(), Options.Create(kit.RenewalOptions), kit.Data.Time);

        var result = await sweep.RunAsync(CancellationToken.None);

        await using var db = kit.Data.Database.CreateDbContext();
        var notices = await db.Notifications().CountAsync(n => n.EventCode == Codes.InvoiceIssued);
        return (result.Invoiced, notices, counter.Reads);
    }

    private sealed class ReadCounter : DbCommandInterceptor
    {
        private int _reads;

        public int Reads => _reads;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _reads);
            }

            return ValueTask.FromResult(result);
        }
    }
}
