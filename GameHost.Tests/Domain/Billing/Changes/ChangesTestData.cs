using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Billing.Products;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.AspNetCore.Identity;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Changes;

/// <summary>Taxes every line at 15 % on top of the price (prices without tax), rounded half away from zero per line.</summary>
public sealed class FifteenPercentTax : ITaxPolicy
{
    public ValueTask<LineTax> TaxForAsync(InvoiceBuyer buyer, Money price, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new LineTax(price, price.Multiply(0.15m, MidpointRounding.AwayFromZero), 1500));
}

/// <summary>
/// <see cref="BillingTestData"/> (migrated SQLite file, demo catalog, fake clock and panel capacity) with the real
/// payment, settlement and provisioning classes wired to the change, cancellation, product and pool use cases.
/// </summary>
public sealed class ChangesTestData : IDisposable
{
    public BillingTestData Billing { get; } = new();

    public ITaxPolicy Tax { get; set; } = new NoTaxYet();

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Billing.Time;

    public SqliteFileTestDatabase Database => Billing.Database;

    public DateTime NowUtc => Billing.NowUtc;

    public InvoiceSettlement Settlement() => new(new LedgerPosting(Time), new ProvisioningRequests(Time), Time);

    public RecordPayment RecordPayment() => new(Database, new LedgerPosting(Time), Settlement(), Time);

    public ServiceChanges Changes() => new(Database, new SubscriptionTariffUsage(Database), Billing.Capacity, Tax, new LedgerPosting(Time), Settlement(),
        new ProvisioningRequests(Time), Time);

    public ServiceCancellation Cancellation() => new(Database, Tax, new LedgerPosting(Time), Settlement(), new ProvisioningRequests(Time), Time);

    public BillingChangeSettingsService Settings() => new(Database, new AuditLog(Time), Time);

    public ChangesOptions ChangeOptions { get; } = new();

    public ServiceEndingSweep EndingSweep() => new(Database, new ProvisioningRequests(Time), Microsoft.Extensions.Options.Options.Create(ChangeOptions), new AuditLog(Time), Time);

    public GameHost.Domain.Billing.Dunning.DunningOptions DunningOptions { get; } = new();

    public static readonly GameHost.Domain.Billing.Sweeps.NoticeContext Notice = new("GameHost", "https://host.test/cabinet/billing");

    public PoolDunningSweep PoolDunning() =>
        new(Database, new ProvisioningRequests(Time), Microsoft.Extensions.Options.Options.Create(DunningOptions), Time, TestNotifier.Create(Time));

    public PoolCancellation PoolCancellation() => new(Database, Tax, new LedgerPosting(Time), Settlement(), new ProvisioningRequests(Time), Time);

    public PoolResizes PoolResizes() => new(Database, Tax, new LedgerPosting(Time), Settlement(), Time);

    public PoolRenewalSweep PoolRenewals() => new(Database, Tax, Settlement(), Time);

    public ProductPurchases Products() => new(Database, Tax, Settlement(), new AuditLog(Time), Time);

    public ProductAdmin ProductAdmin() => new(Database, new AuditLog(Time), Time);

    public PoolPurchases Pools() => new(Database, Tax, Settlement(), new AuditLog(Time), Time);

    public PoolServers PoolServers() => new(Database, Billing.Capacity, new ProvisioningRequests(Time), Time);

    public Guid AddCustomer(string currency = "ZAR") => Billing.AddCustomer(currency: currency);

    public Guid AddAdmin(string role = Roles.Admin)
    {
        var admin = Billing.AddCustomer("Olivia Admin", withProfile: false);
        using var db = Database.CreateDbContext();
        var existing = db.Roles.FirstOrDefault(r => r.Name == role);
        if (existing is null)
        {
            existing = new ApplicationRole { Id = Guid.NewGuid(), Name = role, NormalizedName = role.ToUpperInvariant() };
            db.Roles.Add(existing);
        }

        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = admin, RoleId = existing.Id });
        db.SaveChanges();
        return admin;
    }

    public async Task PayAsync(Guid customer, Guid? invoiceId, long minor, string reference, string currency = "ZAR")
    {
        var result = await RecordPayment().ExecuteAsync(
            new RecordPaymentCommand(GatewayCodes.BankTransfer, reference, customer, invoiceId, Money.FromMinor(minor, currency), NowUtc, Note: null),
            CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    /// <summary>An order of <paramref name="slug"/> paid by bank transfer, plus <paramref name="credit"/> left on the balance.</summary>
    public async Task<Guid> ActiveServiceAsync(Guid customer, string slug = "paper-2gb", long credit = 0, IReadOnlyDictionary<string, int>? addOns = null)
    {
        var order = await Billing.PlaceAsync(BillingTestData.Order(customer, Billing.TariffId(slug), addOns: addOns));
        await PayAsync(customer, order.InvoiceId, order.GrossTotal.Minor + credit, "FNB-" + Guid.NewGuid().ToString("N")[..8]);
        return order.SubscriptionId;
    }

    public async Task<Money> BalanceAsync(Guid customer, string currency = "ZAR") =>
        await new CustomerBalanceQuery(Database).ExecuteAsync(customer, Currency.FromCode(currency), CancellationToken.None);

    public async Task<Subscription> SubscriptionAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Subscriptions().AsNoTracking().Include(s => s.AddOns).SingleAsync(s => s.Id == id);
    }

    public async Task<Invoice> InvoiceAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Invoices().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == id);
    }

    /// <summary>Every transaction sums to zero and every cached balance equals the sum of its entries.</summary>
    public async Task AssertLedgerConsistentAsync()
    {
        await using var db = Database.CreateDbContext();
        var entries = await db.LedgerEntries().AsNoTracking().ToListAsync();
        foreach (var transaction in entries.GroupBy(e => e.TransactionId))
        {
            Assert.Equal(0, transaction.Sum(e => e.Amount.Minor));
        }

        foreach (var account in await db.LedgerAccounts().AsNoTracking().ToListAsync())
        {
            Assert.Equal(account.Balance.Minor, entries.Where(e => e.AccountId == account.Id).Sum(e => e.Amount.Minor));
        }
    }

    public async Task<int> TaskCountAsync(Guid subscriptionId, GameHost.Domain.Provisioning.Tasks.ProvisioningTaskKind kind)
    {
        await using var db = Database.CreateDbContext();
        var server = await GameHost.Domain.Provisioning.Persistence.ProvisioningSets.GameServers(db).AsNoTracking().SingleAsync(s => s.SubscriptionId == subscriptionId);
        return await GameHost.Domain.Provisioning.Persistence.ProvisioningSets.ProvisioningTasks(db).CountAsync(t => t.GameServerId == server.Id && t.Kind == kind);
    }

    public void Dispose() => Billing.Dispose();
}
