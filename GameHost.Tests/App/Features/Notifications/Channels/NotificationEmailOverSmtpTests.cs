using GameHost.App.Features.Notifications.Email;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using GameHost.Tests.App.Features.Notifications.Email;
using GameHost.Tests.Domain.Notifications;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmtpServer.Protocol;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.App.Features.Notifications.Channels;

/// <summary>A notification's e-mail from the notifier, through the outbox and the SMTP adapter, to a real SMTP listener.</summary>
public sealed class NotificationEmailOverSmtpTests : IDisposable
{
    private readonly NotificationTestData _data = new();
    private readonly EmailDeliveryOptions _delivery = new() { MaxAttempts = 3 };

    public void Dispose() => _data.Dispose();

    private async Task<EmailDispatchResult> DispatchAsync(int port)
    {
        var transport = new SmtpEmailTransport(
            Options.Create(new EmailSettings
            {
                FromAddress = "no-reply@hosting.test",
                FromName = "PixelHost",
                Smtp = new SmtpSettings { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None, TimeoutSeconds = 10 },
            }),
            _data.Time,
            NullLogger<SmtpEmailTransport>.Instance);
        await using var db = _data.Database.NewContext();
        return await new EmailDispatcher(db, transport, _data.Time, Options.Create(_delivery), NullLogger<EmailDispatcher>.Instance)
            .DispatchAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OptionalNotification_ArrivesWithOneClickUnsubscribeAndEncodedValues()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        // A chat message: optional on every channel (a ticket reply's e-mail is not, see TicketReplyEmail_IsNotUnsubscribable).
        await _data.NotifyAsync(Codes.ChatMessage, _data.CustomerId, "chat:1", new()
        {
            ["author"] = "Maria",
            ["excerpt"] = "<script>alert(1)</script> & more",
        }, "/cabinet/tickets/7");

        Assert.Equal(new EmailDispatchResult(1, 0, 0), await DispatchAsync(server.Port));

        var message = Assert.Single(server.Received);
        Assert.Equal("New chat message from Maria", message.Subject);
        var header = message.Headers["List-Unsubscribe"];
        Assert.StartsWith("<https://hosting.test/notifications/unsubscribe/one-click?token=", header, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://hosting.test/cabinet/tickets/7\">", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://hosting.test/notifications/unsubscribe?token=", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MandatoryNotification_HasNoUnsubscribeHeader()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await _data.NotifyAsync(Codes.ServiceSuspended, _data.CustomerId, "suspended:1", new() { ["server_name"] = "A", ["reason"] = "Unpaid." });

        await DispatchAsync(server.Port);

        var message = Assert.Single(server.Received);
        Assert.False(message.Headers.Contains("List-Unsubscribe"));
    }

    [Fact]
    public async Task RelayDefers_NotificationEmailIsRetriedThenDelivered()
    {
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", new() { ["server_name"] = "A", ["address"] = "a:1" });
        await using (var busy = await LoopbackSmtpServer.StartAsync(new SmtpResponse((SmtpReplyCode)451, "Try again later")))
        {
            Assert.Equal(new EmailDispatchResult(0, 1, 0), await DispatchAsync(busy.Port));
            Assert.Empty(busy.Received);
        }

        await using var server = await LoopbackSmtpServer.StartAsync();
        Assert.Equal(new EmailDispatchResult(0, 0, 0), await DispatchAsync(server.Port));
        _data.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(new EmailDispatchResult(1, 0, 0), await DispatchAsync(server.Port));

        Assert.Equal("A is ready", Assert.Single(server.Received).Subject);
        await using var db = _data.Database.NewContext();
        var email = await db.OutboundEmails.SingleAsync();
        Assert.Equal((OutboundEmailStatus.Sent, 2), (email.Status, email.Attempts));
    }
}
