using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Notifications;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>Autopay tries the customer's saved methods in their order, records each failure, and never charges twice.</summary>
public sealed class GatewayAutoPayTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<Guid> SaveMethodAsync(Guid customer, Guid account, string reference, int priority)
    {
        await using var db = _host.Data.Database.CreateDbContext();
        var method = new SavedPaymentMethod
        {
            Id = Guid.NewGuid(), CustomerId = customer, GatewayAccountId = account, MethodReference = reference, Label = $"Card {reference}",
            Priority = priority, CreatedAtUtc = _host.Data.NowUtc,
        };
        db.SavedPaymentMethods().Add(method);
        await db.SaveChangesAsync();
        return method.Id;
    }

    [Fact]
    public async Task TryChargeAsync_FirstMethodDeclined_SecondInCustomersOrderPaysAndTheFailureIsKept()
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, _) = await _host.OpenInvoiceAsync();
        await SaveMethodAsync(customer, account, "pm_second", priority: 2);
        var first = await SaveMethodAsync(customer, account, "pm_first", priority: 1);
        _host.Gateway.OnCharge = c => c.MethodReference == "pm_first"
            ? GatewayResult.Fail("card_declined", "Card declined: insufficient funds.")
            : new GatewayResult(GatewayOutcome.Succeeded, TransactionId: $"txn_{c.AttemptId:N}", Amount: c.Amount);
        var autopay = _host.Get<IAutoPay>();
        Assert.IsType<GatewayAutoPay>(autopay);

        var started = await autopay.TryChargeAsync([new UnpaidRenewal(invoice, customer, Guid.Empty)], CancellationToken.None);
        var again = await _host.Get<IAutoPay>().TryChargeAsync([new UnpaidRenewal(invoice, customer, Guid.Empty)], CancellationToken.None);

        Assert.Equal((2, 0), (started, again));
        Assert.Equal(["charge:pm_first", "charge:pm_second"], _host.Gateway.Calls.Where(c => c.StartsWith("charge:", StringComparison.Ordinal)));
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(InvoiceStatus.Paid, (await db.Invoices().SingleAsync(i => i.Id == invoice)).Status);
        Assert.Equal("Card declined: insufficient funds.", (await db.SavedPaymentMethods().SingleAsync(m => m.Id == first)).LastFailure);
        var rows = await _host.Get<PaymentOptionsQuery>().AttemptsAsync(customer, invoice, 10, CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Autopay && r.Status == AttemptStatus.Failed && r.ErrorMessage == "Card declined: insufficient funds.");
        Assert.Contains(rows, r => r.Autopay && r.Status == AttemptStatus.Succeeded);
    }

    [Fact]
    public async Task TryChargeAsync_BankAsksForTheCustomer_StopsAndTellsTheCustomerOnceWithALinkToPay()
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, _) = await _host.OpenInvoiceAsync();
        await SaveMethodAsync(customer, account, "pm_3ds", priority: 1);
        await SaveMethodAsync(customer, account, "pm_other", priority: 2);
        _host.Gateway.OnCharge = c => new GatewayResult(GatewayOutcome.RequiresCustomerAction, ErrorMessage: "Authentication required.", RedirectUrl: "https://gateway.test/3ds");

        await _host.Get<IAutoPay>().TryChargeAsync([new UnpaidRenewal(invoice, customer, Guid.Empty)], CancellationToken.None);
        await _host.Get<IAutoPay>().TryChargeAsync([new UnpaidRenewal(invoice, customer, Guid.Empty)], CancellationToken.None);

        Assert.Equal(["charge:pm_3ds"], _host.Gateway.Calls.Where(c => c.StartsWith("charge:", StringComparison.Ordinal)));
        await using var db = _host.Data.Database.CreateDbContext();
        // A mandatory catalogue event: in the app and by e-mail, in the customer's templates, once.
        var notice = await db.Set<Notification>().SingleAsync(n => n.EventCode == Codes.PaymentActionRequired);
        Assert.Equal(customer, notice.UserId);
        Assert.True(notice.ShowInApp);
        Assert.EndsWith($"/cabinet/billing/invoices/{invoice:D}", notice.Link, StringComparison.Ordinal);
        var email = await db.OutboundEmails.SingleAsync(e => e.Category == Codes.PaymentActionRequired);
        Assert.Contains($"/cabinet/billing/invoices/{invoice:D}", email.TextBody, StringComparison.Ordinal);
        Assert.Contains((await db.Invoices().SingleAsync(i => i.Id == invoice)).DisplayNumber!, email.Subject, StringComparison.Ordinal);
    }
}
