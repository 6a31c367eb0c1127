using System.Text;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>
/// Payment trouble reaches administrators as catalogue events (in the app and by e-mail, in their templates), once per
/// occurrence however often the inbox processor or the janitor sees it.
/// </summary>
public sealed class PaymentAlertsTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<(Guid Customer, StartedPayment Started)> StartedAsync()
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, _) = await _host.OpenInvoiceAsync();
        var started = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "req-1"), CancellationToken.None);
        Assert.True(started.IsSuccess, started.Error?.Code);
        return (customer, started.Value);
    }

    private async Task<List<Notification>> AlertsAsync(string eventCode)
    {
        await using var db = _host.Data.Database.CreateDbContext();
        return await db.Notifications().AsNoTracking().Where(n => n.EventCode == eventCode).ToListAsync();
    }

    [Fact]
    public async Task GatewayEventProcessor_EventKeepsFailingPastTheThreshold_AdministratorsToldOnceInAppAndByEmail()
    {
        var (_, started) = await StartedAsync();
        _host.Gateway.OnInterpret = _ => throw new InvalidOperationException("The gateway's event API timed out.");
        await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted",
            new InboundWebhook(Encoding.UTF8.GetBytes(started.AttemptId.ToString("D")), new Dictionary<string, string> { ["x-signature"] = "good", ["X-Event-Id"] = "WH-broken" }, "127.0.0.1"),
            CancellationToken.None);

        for (var run = 0; run < GatewayEventProcessor.AlertAfter + 2; run++)
        {
            await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);
            if (run == GatewayEventProcessor.AlertAfter - 2)
            {
                Assert.Empty(await AlertsAsync(Codes.GatewayEventFailingStaff)); // not yet: a few failures are normal
            }

            _host.Data.Time.Advance(TimeSpan.FromDays(1));
        }

        var alert = Assert.Single(await AlertsAsync(Codes.GatewayEventFailingStaff));
        Assert.Equal(_host.AdminId, alert.UserId);
        Assert.True(alert.ShowInApp);
        Assert.Contains("scripted", alert.Title, StringComparison.Ordinal);
        await using var db = _host.Data.Database.CreateDbContext();
        var email = await db.OutboundEmails.SingleAsync(e => e.Category == Codes.GatewayEventFailingStaff);
        Assert.Contains("WH-broken", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("The gateway's event API timed out.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("/admin/payments/events", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttemptJanitor_OutcomeStillUnknownAfterAnHour_AdministratorsToldOnce()
    {
        var (customer, started) = await StartedAsync();
        _host.Gateway.OnConfirm = _ => GatewayResult.Unknown("capture timed out after sending");
        await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.AttemptId, CancellationToken.None);

        _host.Data.Time.Advance(TimeSpan.FromMinutes(30));
        await _host.Get<AttemptJanitor>().RunAsync(CancellationToken.None);
        Assert.Empty(await AlertsAsync(Codes.PaymentStuckStaff));
        for (var run = 0; run < 4; run++)
        {
            _host.Data.Time.Advance(TimeSpan.FromHours(7));
            await _host.Get<AttemptJanitor>().RunAsync(CancellationToken.None);
        }

        var alert = Assert.Single(await AlertsAsync(Codes.PaymentStuckStaff));
        Assert.Equal(_host.AdminId, alert.UserId);
        Assert.Contains(started.AttemptId.ToString("D"), alert.Body, StringComparison.Ordinal);
        Assert.Contains("Unknown", alert.Body, StringComparison.Ordinal);
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(1, await db.OutboundEmails.CountAsync(e => e.Category == Codes.PaymentStuckStaff));
    }
}
