using System.Globalization;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Notices;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.Domain.Billing.Renewals;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Billing.Notices;

/// <summary>
/// What "invoice issued" asks of the customer: an open invoice gives its due date; a renewal the balance paid in the
/// same batch says so, with the balance left, and asks for nothing — in the customer's language, on every channel.
/// </summary>
public sealed class InvoiceIssuedWordingTests : IDisposable
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es");

    private readonly RenewalTestKit _kit = new();
    private readonly InterceptedFileContexts _noticing;

    public InvoiceIssuedWordingTests()
    {
        _noticing = new InterceptedFileContexts(_kit.Data.Database, new InvoiceIssuedNotices(TestNotifier.Create(_kit.Data.Time)));
    }

    public void Dispose() => _kit.Dispose();

    private RenewalSweep Renewals() =>
        new(_noticing, new LedgerPosting(_kit.Data.Time), _kit.Settlement(), new NoTaxYet(), new NoAutoPay(), Options.Create(_kit.RenewalOptions), _kit.Data.Time);

    private async Task<(Invoice Invoice, Notification Notice, Money Balance)> RenewAsync(long topUpMinor, string language = "en")
    {
        var (customer, subscriptionId, _) = await _kit.ActiveServiceAsync();
        await using (var db = _kit.Data.Database.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == customer)).PreferredLanguage = language;
            await db.SaveChangesAsync();
        }

        if (topUpMinor > 0)
        {
            await _kit.TopUpAsync(customer, topUpMinor, "topup-renewal");
        }

        _kit.AdvanceTo((await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value.AddDays(-6));
        var result = await Renewals().RunAsync(CancellationToken.None);
        Assert.Equal(1, result.Invoiced);

        var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId));
        await using var read = _kit.Data.Database.CreateDbContext();
        var notice = await read.Notifications().AsNoTracking().SingleAsync(n => n.EventCode == Codes.InvoiceIssued && n.UserId == customer);
        return (invoice, notice, new Money(await _kit.BalanceAsync(customer), invoice.Currency));
    }

    [Fact]
    public async Task RenewalSweep_RenewalLeftOpen_NoticeGivesTheDueDate()
    {
        var (invoice, notice, _) = await RenewAsync(topUpMinor: 0);

        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.Contains($"has been issued. It is due on {invoice.DueAtUtc!.Value.ToString("D", English)}.", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("paid", notice.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RenewalSweep_RenewalPaidFromBalanceAtIssue_NoticeSaysPaidWithTheBalanceLeftAndNoDueDate()
    {
        var (invoice, notice, balance) = await RenewAsync(topUpMinor: 100_000);

        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        Assert.True(balance.Minor > 0 && balance.Minor < 100_000, $"balance left {balance}");
        Assert.Contains(invoice.GrossTotal.Format(English), notice.Body, StringComparison.Ordinal);
        Assert.Contains($"It has been paid from your balance, which is now {balance.Format(English)}. There is nothing more to pay.", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("due", notice.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(invoice.DueAtUtc!.Value.ToString("D", English), notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("pay it", notice.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RenewalSweep_SpanishCustomerPaidFromBalance_NoticeInSpanishSaysPaidWithTheBalanceLeft()
    {
        var (invoice, notice, balance) = await RenewAsync(topUpMinor: 100_000, language: "es");

        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        Assert.Equal("es", notice.Language);
        Assert.Contains($"Se ha pagado con tu saldo, que ahora es de {balance.Format(Spanish)}.", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Vence", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewalSweep_SpanishCustomerRenewalLeftOpen_NoticeInSpanishGivesTheDueDate()
    {
        var (invoice, notice, _) = await RenewAsync(topUpMinor: 0, language: "es");

        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.Contains($"Vence el {invoice.DueAtUtc!.Value.ToString("D", Spanish)}.", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveChanges_InvoiceIssuedAndPaidFromBalanceInOneSave_NoticeGivesTheBalanceAfterThatSave()
    {
        var customer = _kit.Data.AddCustomer();
        await _kit.TopUpAsync(customer, 12_000, "topup-before");
        var price = new Money(5000, Currency.ZAR);
        Guid invoiceId;
        await using (var db = _noticing.CreateDbContext())
        {
            var invoice = Invoice.Draft(customer, null, "manual:" + Guid.NewGuid().ToString("N"), Currency.ZAR, new InvoiceBuyer("Thandi Nkosi", null, "ZA", null), _kit.NowUtc);
            invoice.AddLine(InvoiceLineKind.Product, "setup", new GameHost.Domain.Catalog.LocalizedText("Set-up", "Instalación"), 1, price, price, Money.Zero(Currency.ZAR), 0);
            db.Invoices().Add(invoice);
            await InvoiceIssuing.IssueAsync(db, invoice, InvoiceNumbering.DefaultSeries, _kit.NowUtc, _kit.NowUtc.AddDays(7), CancellationToken.None);
            await new LedgerPosting(_kit.Data.Time).PostAsync(db, new PostingRequest(
                InvoiceSettlement.TransactionKey(invoice.Id), InvoiceSettlement.TransactionKind, "paid from balance",
                [Posting.Customer(customer, -price), Posting.System(LedgerAccountKind.InvoicesSettled, price)], customer, invoice.Id), CancellationToken.None);
            invoice.MarkPaid(_kit.NowUtc);
            await db.SaveChangesAsync();
            invoiceId = invoice.Id;
        }

        await using var read = _kit.Data.Database.CreateDbContext();
        var notice = await read.Notifications().AsNoTracking().SingleAsync(n => n.EventCode == Codes.InvoiceIssued);
        Assert.Equal($"{InvoiceIssuedNotices.Key(invoiceId)}:{customer:N}", notice.IdempotencyKey);
        Assert.Equal(7_000, await _kit.BalanceAsync(customer));
        Assert.Contains($"It has been paid from your balance, which is now {new Money(7_000, Currency.ZAR).Format(English)}.", notice.Body, StringComparison.Ordinal);
    }
}
