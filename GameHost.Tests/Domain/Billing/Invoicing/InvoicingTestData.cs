using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Invoicing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Taxes;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;

namespace GameHost.Tests.Domain.Billing.Invoicing;

/// <summary>
/// Paid and open orders taxed by the real tax rules (South Africa 15 % VAT, prices include it, seeded by the
/// migrations) on a SQLite file database with an administrator and a support agent, plus the invoicing use cases.
/// </summary>
public sealed class InvoicingTestData : IDisposable
{
    public RefundTestData Refunds { get; } = new();

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Refunds.Time;

    public Microsoft.EntityFrameworkCore.IDbContextFactory<GameHost.Domain.Persistence.GameHostDbContext> Contexts => Refunds.Contexts;

    public Guid AdminId => Refunds.AdminId;

    public Guid SupportId => Refunds.SupportId;

    public IssueCreditNote CreditNotes() => new(Contexts, new LedgerPosting(Time), new AuditLog(Time), Time);

    public InvoiceActions Actions() => new(Contexts, new AuditLog(Time), Time);

    public TaxAdministration Taxes() => new(Contexts, new AuditLog(Time), Time);

    public AdminInvoicesQuery Query() => new(Contexts);

    public Guid AddCustomer(string email = "thandi@players.test") => Refunds.AddCustomer(email);

    /// <summary>An order for paper-4gb (R 189.00 a month, VAT included), not paid yet.</summary>
    public async Task<PlacedOrder> OrderAsync(Guid customer, string tariff = "paper-4gb")
    {
        var place = new PlaceOrder(Contexts, new QuoteOrder(Contexts, new SubscriptionTariffUsage(Contexts), Time), new RedeemPromoCode(Contexts, Time),
            Refunds.Capacity, new TaxRulesPolicy(Contexts), Time);
        var placed = await place.ExecuteAsync(BillingTestData.Order(customer, Refunds.Provisioning.TariffId(tariff)), CancellationToken.None);
        Assert.True(placed.IsSuccess, placed.Error?.Code);
        return placed.Value;
    }

    public async Task<PlacedOrder> PaidOrderAsync(Guid customer, string tariff = "paper-4gb")
    {
        var order = await OrderAsync(customer, tariff);
        var paid = await Refunds.RecordPayment().ExecuteAsync(new RecordPaymentCommand(
            GatewayCodes.BankTransfer, $"FNB-{order.SubscriptionId:N}", customer, order.InvoiceId, order.GrossTotal, Refunds.Provisioning.NowUtc), CancellationToken.None);
        Assert.True(paid.IsSuccess, paid.Error?.Code);
        return order;
    }

    public Task<Money> BalanceAsync(Guid customer) => Refunds.BalanceAsync(customer);

    public async Task AssertBooksBalanceAsync()
    {
        var check = await new LedgerReconciliation(Contexts, Time, GameHost.Tests.TestSupport.TestNotifier.Create(Time)).RunAsync(CancellationToken.None);
        Assert.True(check.IsClean, check.ToSummary());
    }

    public static Money Zar(long minor) => new(minor, Currency.ZAR);

    public void Dispose() => Refunds.Dispose();
}
