using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.Domain.Provisioning.Tasks;

namespace GameHost.Tests.Domain.Billing;

/// <summary>
/// Paid orders on a SQLite file database with roles, an administrator and a support agent (from
/// <see cref="ProvisioningTestData"/>), the real order, payment and provisioning classes, and the refund use case.
/// </summary>
public sealed class RefundTestData : IDisposable
{
    public ProvisioningTestData Provisioning { get; } = new(onFile: true);

    public FakeServerCapacity Capacity { get; } = new();

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Provisioning.Time;

    public Microsoft.EntityFrameworkCore.IDbContextFactory<GameHost.Domain.Persistence.GameHostDbContext> Contexts => Provisioning.Contexts;

    public Guid AdminId => Provisioning.AdminId;

    public Guid SupportId => Provisioning.SupportId;

    public RefundUnprovisionedOrder Refund() => new(Contexts, new LedgerPosting(Time), new ProvisioningRequests(Time), new AuditLog(Time), Time,
        Microsoft.Extensions.Options.Options.Create(Provisioning.Site), GameHost.Tests.TestSupport.TestNotifier.Create(Time));

    public RecordPayment RecordPayment() => new(Contexts, new LedgerPosting(Time),
        new InvoiceSettlement(new LedgerPosting(Time), new ProvisioningRequests(Time), Time), Time);

    public Guid AddCustomer(string email = "thandi@players.test", string name = "Thandi Nkosi", string language = "en")
    {
        var id = Provisioning.AddCustomer(email, name, language);
        using var db = Contexts.CreateDbContext();
        db.CustomerProfiles.Add(new CustomerProfile
        {
            Id = Guid.NewGuid(), UserId = id, BillingCurrency = "ZAR", CountryCode = "ZA", CreatedAtUtc = Provisioning.NowUtc,
        });
        db.SaveChanges();
        return id;
    }

    /// <summary>An order placed and not paid yet.</summary>
    public async Task<PlacedOrder> OrderAsync(Guid customer, string serverName = "Lobby One")
    {
        var place = new PlaceOrder(Contexts, new QuoteOrder(Contexts, new SubscriptionTariffUsage(Contexts), Time), new RedeemPromoCode(Contexts, Time),
            Capacity, new NoTaxYet(), Time);
        var placed = await place.ExecuteAsync(BillingTestData.Order(customer, Provisioning.TariffId(), serverName: serverName), CancellationToken.None);
        Assert.True(placed.IsSuccess, placed.Error?.Code);
        return placed.Value;
    }

    /// <summary>An order paid by bank transfer: the subscription is active and its server requested.</summary>
    public async Task<PlacedOrder> PaidOrderAsync(Guid customer, string serverName = "Lobby One")
    {
        var order = await OrderAsync(customer, serverName);
        var paid = await RecordPayment().ExecuteAsync(new RecordPaymentCommand(
            GatewayCodes.BankTransfer, $"FNB-{order.SubscriptionId:N}", customer, order.InvoiceId, order.GrossTotal, Provisioning.NowUtc), CancellationToken.None);
        Assert.True(paid.IsSuccess, paid.Error?.Code);
        return order;
    }

    /// <summary>A paid order whose create the panel refused: the create task waits in the admin queue.</summary>
    public async Task<PlacedOrder> FailedOrderAsync(Guid customer, string serverName = "Lobby One")
    {
        var order = await PaidOrderAsync(customer, serverName);
        Provisioning.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.OutOfStock, 400, "NoViableNodeException", "No node has room."));
        await Provisioning.RunAsync();
        Assert.Equal(GameServerState.Failed, (await Provisioning.ServerAsync(order.SubscriptionId)).State);
        return order;
    }

    public static RefundUnprovisionedCommand Command(Guid actor, Guid subscription, string reason = "No node has room; customer agreed") =>
        new(actor, subscription, reason, "corr-1");

    public async Task<Money> BalanceAsync(Guid customer) =>
        await new CustomerBalanceQuery(Contexts).ExecuteAsync(customer, Currency.ZAR, CancellationToken.None);

    public void Dispose() => Provisioning.Dispose();
}
