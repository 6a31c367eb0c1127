using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Notices;
using GameHost.Domain.Payments.Persistence;
using GameHost.Tests.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Payments.Notices;

/// <summary>"Payment failed" is raised by the save that records a gateway's refusal, once per attempt.</summary>
public sealed class PaymentFailedNoticesTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SaveChanges_AttemptRefusedThenTouchedAgain_OnePaymentFailedNoticeWithAmountReasonAndInvoiceLink()
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();
        var contexts = new InterceptedFileContexts(_host.Data.Database, new PaymentFailedNotices(TestNotifier.Create(_host.Data.Time)));
        var attemptId = Guid.NewGuid();
        await using (var db = contexts.CreateDbContext())
        {
            db.PaymentAttempts().Add(new PaymentAttempt
            {
                Id = attemptId, CustomerId = customer, Purpose = PaymentPurpose.Invoice, InvoiceId = invoice, GatewayAccountId = account,
                GatewayCode = "scripted", Amount = total, RequestId = "pay-form-1", Status = AttemptStatus.Created,
                CreatedAtUtc = _host.Data.NowUtc, UpdatedAtUtc = _host.Data.NowUtc, ConcurrencyToken = Guid.NewGuid(),
            });
            await db.SaveChangesAsync();
        }

        for (var i = 0; i < 2; i++)
        {
            // The refusal recorded, then the same attempt saved again (a status check): one notice.
            await using var db = contexts.CreateDbContext();
            var attempt = await db.PaymentAttempts().SingleAsync(a => a.Id == attemptId);
            attempt.Status = AttemptStatus.Failed;
            attempt.LastErrorMessage = "Card declined: insufficient funds.";
            attempt.Checks++;
            attempt.ConcurrencyToken = Guid.NewGuid();
            await db.SaveChangesAsync();
        }

        await using var check = _host.Data.Database.CreateDbContext();
        var notice = await check.Notifications().AsNoTracking().SingleAsync(n => n.EventCode == Codes.PaymentFailed);
        Assert.Equal($"{PaymentFailedNotices.Key(attemptId)}:{customer:N}", notice.IdempotencyKey);
        Assert.Contains("Card declined: insufficient funds.", notice.Body, StringComparison.Ordinal);
        Assert.Contains(total.Format(System.Globalization.CultureInfo.GetCultureInfo("en")), notice.Body, StringComparison.Ordinal);
        Assert.EndsWith($"/cabinet/billing/invoices/{invoice:D}", notice.Link, StringComparison.Ordinal);
    }
}
