using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Postpaid;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Billing.Usage;

/// <summary>A tax policy charging one fixed rate on every line, rounded half away from zero per line.</summary>
public sealed class FixedRateTax(int basisPoints) : ITaxPolicy
{
    public ValueTask<LineTax> TaxForAsync(InvoiceBuyer buyer, Money price, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new LineTax(price, price.Multiply(basisPoints / 10_000m, MidpointRounding.AwayFromZero), basisPoints));
}

/// <summary>
/// The billing store on a SQLite file (real migrations) with an administrator, customers in ZAR, pay-as-you-go and
/// prepaid services with requested servers, and the real sweeps and use cases of the balance feature.
/// </summary>
public sealed class UsageTestData : IDisposable
{
    private int _emails;
    private int _transfers;

    public RefundTestData Refunds { get; } = new();

    public ITaxPolicy Tax { get; set; } = new NoTaxYet();

    public UsageOptions Options { get; } = new();

    public FakeTimeProvider Time => Refunds.Time;

    public DateTime NowUtc => Time.GetUtcNow().UtcDateTime;

    public Microsoft.EntityFrameworkCore.IDbContextFactory<GameHost.Domain.Persistence.GameHostDbContext> Contexts => Refunds.Contexts;

    public Guid AdminId => Refunds.AdminId;

    public Guid SupportId => Refunds.SupportId;

    public static NoticeContext Notice { get; } = new("GameHost", "https://billing.example.test/cabinet/billing/balance");

    public BalanceOverviewQuery Overview() => new(Contexts, Tax, Time);

    public UsageSweep Sweep() => new(Contexts, new LedgerPosting(Time), new ProvisioningRequests(Time), Tax, Overview(),
        Microsoft.Extensions.Options.Options.Create(Options), Time, GameHost.Tests.TestSupport.TestNotifier.Create(Time));

    public InvoiceSettlement Settlement() => new(new LedgerPosting(Time), new ProvisioningRequests(Time), Time);

    public PostpaidInvoiceSweep Postpaid() => new(Contexts, Settlement(), Time);

    public PayAhead PayAhead() => new(Contexts, Tax, new PayInvoiceFromBalance(Contexts, Settlement()), Time);

    public AdjustBalance Adjust() => new(Contexts, new LedgerPosting(Time), Settlement(), new AuditLog(Time), Time);

    public SetCreditLimit SetLimit() => new(Contexts, new AuditLog(Time), Time);

    public LedgerHistoryQuery History() => new(Contexts);

    public Task<UsageSweepResult> RunAsync() => Sweep().RunAsync(Notice, CancellationToken.None);

    public Guid AddCustomer(string name = "Thandi Nkosi", string language = "en") =>
        Refunds.AddCustomer($"customer{Interlocked.Increment(ref _emails)}@players.test", name, language);

    public static Money Zar(long minor) => new(minor, Currency.ZAR);

    /// <summary>A running pay-as-you-go service whose first unit (starting now) the order paid; its server is requested.</summary>
    public async Task<Guid> AddPayAsYouGoAsync(Guid customerId, long pricePerUnitMinor, BillingPeriod period = BillingPeriod.Hour, string name = "Hourly SMP")
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var subscription = NewSubscription(customerId, period, pricePerUnitMinor, name);
        subscription.CurrentPeriodStartUtc = NowUtc;
        subscription.PaidUntilUtc = period.EndOf(NowUtc);
        db.Subscriptions().Add(subscription);
        await new ProvisioningRequests(Time).RequestServerAsync(db, new ServerOrder(subscription.Id, customerId, Refunds.Provisioning.Spec(name: name)), CancellationToken.None);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    /// <summary>An active prepaid service paid until <paramref name="paidUntilUtc"/>.</summary>
    public async Task<Guid> AddPrepaidAsync(Guid customerId, long recurringMinor, DateTime paidUntilUtc, BillingPeriod period = BillingPeriod.Month1, string name = "Monthly SMP")
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var subscription = NewSubscription(customerId, period, recurringMinor, name);
        subscription.CurrentPeriodStartUtc = paidUntilUtc.AddMonths(-period.Months() ?? 0);
        subscription.PaidUntilUtc = paidUntilUtc;
        db.Subscriptions().Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    private Subscription NewSubscription(Guid customerId, BillingPeriod period, long priceMinor, string name) => new()
    {
        Id = Guid.NewGuid(),
        CustomerId = customerId,
        TariffId = Refunds.Provisioning.TariffId(),
        TariffVersionNumber = 1,
        Period = period,
        BillingModel = period.ModelOf(),
        RecurringNet = Zar(priceMinor),
        LocationId = 1,
        ServerName = name,
        Status = SubscriptionStatus.Active,
        RequestId = Guid.NewGuid().ToString("N"),
        CreatedAtUtc = NowUtc,
        ConcurrencyToken = Guid.NewGuid(),
    };

    /// <summary>Money arriving by bank transfer (the one path for incoming money).</summary>
    public async Task TopUpAsync(Guid customerId, long minor)
    {
        var result = await Refunds.RecordPayment().ExecuteAsync(new RecordPaymentCommand(
            GatewayCodes.BankTransfer, $"FNB-T{Interlocked.Increment(ref _transfers)}", customerId, null, Zar(minor), NowUtc), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    public async Task SetLimitAsync(Guid customerId, long minor)
    {
        var result = await SetLimit().ExecuteAsync(new SetCreditLimitCommand(AdminId, customerId, Zar(minor)), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    public async Task<long> BalanceAsync(Guid customerId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var code = LedgerAccount.CustomerCode(customerId, Currency.ZAR);
        return await db.LedgerAccounts().AsNoTracking().Where(a => a.Code == code).Select(a => a.Balance.Minor).FirstOrDefaultAsync();
    }

    /// <summary>The sum of the customer's ledger entries, derived independently of the cached balance.</summary>
    public async Task<long> LedgerSumAsync(Guid customerId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var code = LedgerAccount.CustomerCode(customerId, Currency.ZAR);
        var account = await db.LedgerAccounts().AsNoTracking().Where(a => a.Code == code).Select(a => (Guid?)a.Id).FirstOrDefaultAsync();
        return account is null ? 0 : (await db.LedgerEntries().AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Amount.Minor).ToListAsync()).Sum();
    }

    public async Task<Subscription> SubscriptionAsync(Guid id)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Subscriptions().AsNoTracking().SingleAsync(s => s.Id == id);
    }

    public async Task<List<UsageCharge>> ChargesAsync(Guid subscriptionId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return (await db.UsageCharges().AsNoTracking().Where(c => c.SubscriptionId == subscriptionId).ToListAsync()).OrderBy(c => c.UnitStartUtc).ToList();
    }

    public async Task<List<Invoice>> InvoicesAsync(Guid customerId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return (await db.Invoices().AsNoTracking().Include(i => i.Lines).Where(i => i.CustomerId == customerId).ToListAsync()).OrderBy(i => i.Number).ToList();
    }

    public Task<List<GameHost.Domain.Notifications.Email.OutboundEmail>> EmailsAsync(string category) => Refunds.Provisioning.EmailsAsync(category);

    public Task<GameServer> ServerAsync(Guid subscriptionId) => Refunds.Provisioning.ServerAsync(subscriptionId);

    public Task<List<GameHost.Domain.Provisioning.Tasks.ProvisioningTask>> TasksAsync(Guid subscriptionId) => Refunds.Provisioning.TasksAsync(subscriptionId);

    /// <summary>Every ledger transaction sums to zero, and every cached balance equals the sum of its entries.</summary>
    public async Task AssertLedgerConsistentAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var entries = await db.LedgerEntries().AsNoTracking().Select(e => new { e.TransactionId, e.AccountId, e.Amount.Minor }).ToListAsync();
        Assert.All(entries.GroupBy(e => e.TransactionId), t => Assert.Equal(0, t.Sum(e => e.Minor)));
        var accounts = await db.LedgerAccounts().AsNoTracking().Select(a => new { a.Id, a.Balance.Minor }).ToListAsync();
        Assert.All(accounts, a => Assert.Equal(a.Minor, entries.Where(e => e.AccountId == a.Id).Sum(e => e.Minor)));
    }

    public void Dispose() => Refunds.Dispose();
}
