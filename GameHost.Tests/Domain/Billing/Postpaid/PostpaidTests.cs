using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Postpaid;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Tests.Domain.Billing.Usage;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Postpaid;

/// <summary>Postpaid customers: usage on credit up to the limit, one invoice per month, nothing charged twice.</summary>
public sealed class PostpaidTests : IDisposable
{
    private readonly UsageTestData _data = new();

    public void Dispose() => _data.Dispose();

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task UsageSweep_CustomerWithCreditLimit_RunsOnCreditUpToTheLimitThenSuspends()
    {
        var customer = _data.AddCustomer();
        await _data.SetLimitAsync(customer, 1_000);
        var service = await _data.AddPayAsYouGoAsync(customer, 100);

        _data.Time.Advance(TimeSpan.FromHours(12));
        var result = await _data.RunAsync();

        var charges = await _data.ChargesAsync(service);
        Assert.Equal(10, charges.Count); // R10 of credit pays ten hours of R1; the eleventh would pass the limit.
        Assert.All(charges, c => Assert.Equal((UsageChargeMode.Postpaid, (Guid?)null, (Guid?)null), (c.Mode, c.LedgerTransactionId, c.InvoiceId)));
        Assert.Equal((10, 1), (result.UnitsCharged, result.ServicesSuspended));
        Assert.Equal(SubscriptionStatus.Suspended, (await _data.SubscriptionAsync(service)).Status);
        Assert.Equal(0, await _data.BalanceAsync(customer)); // Nothing was debited: the monthly invoice is the charge.
        var overview = await _data.Overview().ExecuteAsync(customer, CancellationToken.None);
        Assert.Equal((1_000L, 1_000L, 0L), (overview!.CreditLimit!.Value.Minor, overview.UnbilledUsage.Minor, overview.Available.Minor));
    }

    [Fact]
    public async Task PostpaidInvoiceSweep_UsageAt31st2300_LandsInThatMonthsInvoiceAndNextMonthInTheNext()
    {
        _data.Tax = new FixedRateTax(1500);
        var customer = _data.AddCustomer();
        await _data.SetLimitAsync(customer, 200_000);
        _data.Time.SetUtcNow(At(7, 31, 22));
        var service = await _data.AddPayAsYouGoAsync(customer, 100); // The order paid 22:00–23:00.

        _data.Time.SetUtcNow(At(8, 1, 1, 30));
        await _data.RunAsync(); // Units at 31 July 23:00, 1 August 00:00 and 01:00.
        var first = await _data.Postpaid().RunAsync(CancellationToken.None);
        var repeat = await _data.Postpaid().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0), (first.InvoicesIssued, first.UnitsBilled, repeat.InvoicesIssued));
        var july = Assert.Single(await _data.InvoicesAsync(customer));
        Assert.Equal(PostpaidInvoiceSweep.InvoiceKey(customer, 2026, 7), july.IdempotencyKey);
        var line = Assert.Single(july.Lines);
        Assert.Equal((1, 100L, 15L, 115L), (line.Quantity, line.Net.Minor, line.Tax.Minor, line.Gross.Minor));
        Assert.Equal("Hourly SMP: 1 hour of use, July 2026", line.Description.En);
        var charges = await _data.ChargesAsync(service);
        Assert.Equal([july.Id, null, null], charges.Select(c => c.InvoiceId));

        // The job missed the 1st of September: the next run catches August up, once.
        _data.Time.SetUtcNow(At(9, 2, 10));
        await _data.RunAsync();
        var august = await _data.Postpaid().RunAsync(CancellationToken.None);
        var invoices = await _data.InvoicesAsync(customer);
        Assert.Equal(2, invoices.Count);
        var augustLine = Assert.Single(invoices[1].Lines);
        Assert.Equal((31 * 24, 31 * 24 * 115L), (augustLine.Quantity, augustLine.Gross.Minor));
        Assert.Equal(31 * 24, august.UnitsBilled);
        Assert.All(await _data.ChargesAsync(service), c => Assert.True(c.UnitStartUtc >= At(9, 1, 0).UtcDateTime || c.InvoiceId is not null));
    }

    [Fact]
    public async Task PostpaidInvoiceSweep_BalanceCoversInvoice_PaysItOnceAndUsageIsNeverDebitedSeparately()
    {
        var customer = _data.AddCustomer();
        await _data.TopUpAsync(customer, 5_000);
        await _data.SetLimitAsync(customer, 10_000);
        _data.Time.SetUtcNow(At(6, 30, 20));
        var service = await _data.AddPayAsYouGoAsync(customer, 100);
        _data.Time.SetUtcNow(At(7, 1, 0, 5));
        await _data.RunAsync(); // 21:00, 22:00, 23:00 in June; 00:00 in July.

        var result = await _data.Postpaid().RunAsync(CancellationToken.None);
        await _data.Postpaid().RunAsync(CancellationToken.None);

        Assert.Equal((1, 3, 1), (result.InvoicesIssued, result.UnitsBilled, result.InvoicesPaidFromBalance));
        var invoice = Assert.Single(await _data.InvoicesAsync(customer));
        Assert.Equal((InvoiceStatus.Paid, 300L), (invoice.Status, invoice.GrossTotal.Minor));
        Assert.Equal(5_000 - 300, await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.False(await db.LedgerTransactions().AnyAsync(t => t.Kind == UsageSweep.TransactionKind));
        Assert.Equal(4, (await _data.ChargesAsync(service)).Count);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task UsageSweep_OpenPostpaidInvoice_CountsAgainstTheLimit()
    {
        var customer = _data.AddCustomer();
        await _data.SetLimitAsync(customer, 500);
        _data.Time.SetUtcNow(At(6, 30, 20));
        var service = await _data.AddPayAsYouGoAsync(customer, 100);
        _data.Time.SetUtcNow(At(7, 1, 0, 5));
        await _data.RunAsync(); // Three June hours and one July hour: R4 of R5.
        await _data.Postpaid().RunAsync(CancellationToken.None); // June's R3 is invoiced, still unpaid.

        _data.Time.SetUtcNow(At(7, 1, 5, 5));
        await _data.RunAsync();

        Assert.Equal(5, (await _data.ChargesAsync(service)).Count); // Only one more hour fits: open R3 + unbilled R2 = R5.
        Assert.Equal(SubscriptionStatus.Suspended, (await _data.SubscriptionAsync(service)).Status);
    }

    [Fact]
    public async Task SetCreditLimit_ByAdmin_IsAuditedOnceAndRefusedForSupportOrAnotherCurrency()
    {
        var customer = _data.AddCustomer();

        var bySupport = await _data.SetLimit().ExecuteAsync(new SetCreditLimitCommand(_data.SupportId, customer, UsageTestData.Zar(1_000)), CancellationToken.None);
        var inDollars = await _data.SetLimit().ExecuteAsync(new SetCreditLimitCommand(_data.AdminId, customer, new Money(1_000, Currency.USD)), CancellationToken.None);
        var negative = await _data.SetLimit().ExecuteAsync(new SetCreditLimitCommand(_data.AdminId, customer, UsageTestData.Zar(-1)), CancellationToken.None);
        await _data.SetLimitAsync(customer, 1_000);
        await _data.SetLimitAsync(customer, 1_000);
        await _data.SetLimitAsync(customer, 0);

        Assert.Equal(["billing.actor_not_admin", "billing.currency_mismatch", "billing.credit_limit_negative"],
            new[] { bySupport, inDollars, negative }.Select(r => r.Error!.Code));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == SetCreditLimit.AuditAction).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal((customer.ToString(), _data.AdminId), (a.SubjectId, a.ActorUserId!.Value)));
        Assert.False(await db.CreditLimits().AnyAsync());
    }
}
