using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.PromisedPayments;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Billing.Renewals;

/// <summary>
/// The billing test database plus the renewal and dunning sweeps, promised payments and helpers to order a server,
/// pay for it and top up a balance through the real payment path.
/// </summary>
public sealed class RenewalTestKit : IDisposable
{
    public static readonly NoticeContext Notice = new("GameHost", "https://host.test/cabinet/billing");

    public BillingTestData Data { get; } = new();

    public RenewalOptions RenewalOptions { get; } = new() { LeadDays = 7, BatchSize = 50 };

    public DunningOptions DunningOptions { get; } = new();

    public DateTime NowUtc => Data.NowUtc;

    public void Dispose() => Data.Dispose();

    public InvoiceSettlement Settlement() => new(new LedgerPosting(Data.Time), new ProvisioningRequests(Data.Time), Data.Time);

    public RenewalSweep Renewals() => new(Data.Database, new LedgerPosting(Data.Time), Settlement(), new NoTaxYet(), new NoAutoPay(),
        Options.Create(RenewalOptions), Data.Time);

    public DunningSweep Dunning() => new(Data.Database, new ProvisioningRequests(Data.Time), Options.Create(DunningOptions), Data.Time, TestSupport.TestNotifier.Create(Data.Time));

    public TakePromisedPayment Promises() => new(Data.Database, new AuditLog(Data.Time), Data.Time, TestSupport.TestNotifier.Create(Data.Time));

    public DunningTimelineQuery Timeline() => new(Data.Database, Options.Create(DunningOptions), Data.Time);

    public DunningAdmin DunningAdmin() => new(Data.Database, new AuditLog(Data.Time), Options.Create(DunningOptions), Data.Time);

    public RecordPayment Record() => new(Data.Database, new LedgerPosting(Data.Time), Settlement(), Data.Time);

    public async Task<RecordedPayment> TopUpAsync(Guid customer, long minor, string reference, Guid? invoiceId = null)
    {
        var result = await Record().ExecuteAsync(
            new RecordPaymentCommand(GatewayCodes.BankTransfer, reference, customer, invoiceId, new Money(minor, Currency.ZAR), NowUtc, Note: null),
            CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!;
    }

    /// <summary>A customer with an active monthly server on paper-4gb, paid in full; returns the subscription id.</summary>
    public async Task<(Guid Customer, Guid Subscription, Money Price)> ActiveServiceAsync(Guid? customer = null)
    {
        var who = customer ?? Data.AddCustomer();
        var order = await Data.PlaceAsync(BillingTestData.Order(who, Data.TariffId("paper-4gb")));
        await TopUpAsync(who, order.GrossTotal.Minor, "order-" + order.InvoiceId.ToString("N"), order.InvoiceId);
        var subscription = await SubscriptionAsync(order.SubscriptionId);
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        return (who, order.SubscriptionId, subscription.RecurringNet);
    }

    public async Task<Subscription> SubscriptionAsync(Guid id)
    {
        await using var db = Data.Database.CreateDbContext();
        return await db.Subscriptions().AsNoTracking().SingleAsync(s => s.Id == id);
    }

    public async Task<List<Invoice>> RenewalInvoicesAsync(Guid subscriptionId)
    {
        await using var db = Data.Database.CreateDbContext();
        return (await db.Invoices().AsNoTracking().Include(i => i.Lines)
            .Where(i => i.SubscriptionId == subscriptionId && i.ServicePeriodStartUtc != null).ToListAsync())
            .OrderBy(i => i.ServicePeriodStartUtc).ToList();
    }

    public async Task<long> BalanceAsync(Guid customer)
    {
        await using var db = Data.Database.CreateDbContext();
        var code = LedgerAccount.CustomerCode(customer, Currency.ZAR);
        return (await db.LedgerAccounts().AsNoTracking().SingleOrDefaultAsync(a => a.Code == code))?.Balance.Minor ?? 0;
    }

    public async Task<List<DunningStep>> StepsAsync(Guid invoiceId)
    {
        await using var db = Data.Database.CreateDbContext();
        return await db.DunningSteps().AsNoTracking().Where(s => s.InvoiceId == invoiceId).ToListAsync();
    }

    public async Task<List<string>> EmailKeysAsync(string prefix)
    {
        await using var db = Data.Database.CreateDbContext();
        return await db.OutboundEmails.AsNoTracking().Where(e => e.IdempotencyKey != null && e.IdempotencyKey.StartsWith("notify:" + prefix))
            .Select(e => e.IdempotencyKey!).ToListAsync();
    }

    /// <summary>A user with the Admin role.</summary>
    public async Task<Guid> AdminAsync()
    {
        var id = Data.AddCustomer(name: "Admin", withProfile: false);
        await using var db = Data.Database.CreateDbContext();
        var role = await db.Roles.FirstOrDefaultAsync(r => r.NormalizedName == "ADMIN");
        if (role is null)
        {
            role = new GameHost.Domain.Accounts.ApplicationRole { Id = Guid.NewGuid(), Name = "Admin", NormalizedName = "ADMIN" };
            db.Roles.Add(role);
        }

        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = id, RoleId = role.Id });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>Moves the clock to <paramref name="instant"/> (never backwards).</summary>
    public void AdvanceTo(DateTime instant)
    {
        var delta = instant - NowUtc;
        if (delta > TimeSpan.Zero)
        {
            Data.Time.Advance(delta);
        }
    }

    /// <summary>Checks the books: every cached balance equals its entries and every transaction sums to zero.</summary>
    public async Task AssertBooksBalanceAsync()
    {
        await using var db = Data.Database.CreateDbContext();
        var accounts = await db.LedgerAccounts().AsNoTracking().ToListAsync();
        var entries = await db.LedgerEntries().AsNoTracking().ToListAsync();
        foreach (var account in accounts)
        {
            Assert.Equal(entries.Where(e => e.AccountId == account.Id).Sum(e => e.Amount.Minor), account.Balance.Minor);
        }

        foreach (var transaction in entries.GroupBy(e => e.TransactionId))
        {
            Assert.All(transaction.GroupBy(e => e.Amount.Currency), c => Assert.Equal(0, c.Sum(e => e.Amount.Minor)));
        }
    }
}
