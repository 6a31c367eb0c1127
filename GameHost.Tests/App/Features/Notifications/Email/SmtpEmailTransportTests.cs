using GameHost.App.Features.Notifications.Email;
using GameHost.Domain.Notifications.Email;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SmtpServer.Protocol;

namespace GameHost.Tests.App.Features.Notifications.Email;

public sealed class SmtpEmailTransportTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task SendAsync_ServerAccepts_DeliversMultipartMessageWithOutboxMessageId()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        var email = Envelope("player@example.com");

        var result = await Transport(server.Port).SendAsync(email, CancellationToken.None);

        Assert.Equal(EmailSendOutcome.Sent, result.Outcome);
        var received = Assert.Single(server.Received);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(received.To));
        Assert.Equal("player@example.com", to.Address);
        Assert.Equal("Steve", to.Name);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(received.From));
        Assert.Equal("billing@gamehost.test", from.Address);
        Assert.Equal("GameHost Billing", from.Name);
        Assert.Equal("Confirm your e-mail", received.Subject);
        Assert.Equal($"{email.OutboxId:N}@gamehost.test", received.MessageId);
        Assert.Equal("multipart/alternative", received.Body!.ContentType.MimeType);
        Assert.Contains("Open https://example.com/confirm", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.com/confirm\">", received.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TicketMail_CarriesReplyToAutoSubmittedAndTheFiles()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        var email = Envelope("player@example.com") with
        {
            ReplyTo = "tech@gamehost.test",
            IsAutomatic = true,
            Attachments = [new EmailFile("crash.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 13])],
        };

        await Transport(server.Port).SendAsync(email, CancellationToken.None);

        var received = Assert.Single(server.Received);
        Assert.Equal("billing@gamehost.test", Assert.IsType<MailboxAddress>(Assert.Single(received.From)).Address);
        Assert.Equal("tech@gamehost.test", Assert.IsType<MailboxAddress>(Assert.Single(received.ReplyTo)).Address);
        Assert.Equal("auto-replied", received.Headers["Auto-Submitted"]);
        Assert.Equal("All", received.Headers["X-Auto-Response-Suppress"]);
        var file = Assert.IsAssignableFrom<MimePart>(Assert.Single(received.Attachments));
        Assert.Equal(("crash.png", "image/png"), (file.FileName, file.ContentType.MimeType));
        using var content = new MemoryStream();
        await file.Content!.DecodeToAsync(content);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 13 }, content.ToArray());
        Assert.Contains("Open https://example.com/confirm", received.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_PersonWrittenMailWithoutReplyTo_HasNeitherHeader()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();

        await Transport(server.Port).SendAsync(Envelope("player@example.com"), CancellationToken.None);

        var received = Assert.Single(server.Received);
        Assert.Empty(received.ReplyTo);
        Assert.False(received.Headers.Contains("Auto-Submitted"));
        Assert.False(received.Headers.Contains("X-Auto-Response-Suppress"));
    }

    [Fact]
    public async Task SendAsync_ServerRejectsWith5xx_ReturnsPermanentFailure()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(new SmtpResponse((SmtpReplyCode)554, "Message refused"));

        var result = await Transport(server.Port).SendAsync(Envelope("player@example.com"), CancellationToken.None);

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("554", result.Message, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task SendAsync_ServerDefersWith4xx_ReturnsTransientFailure()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(new SmtpResponse((SmtpReplyCode)451, "Try again later"));

        var result = await Transport(server.Port).SendAsync(Envelope("player@example.com"), CancellationToken.None);

        Assert.Equal(EmailSendOutcome.TransientFailure, result.Outcome);
        Assert.Contains("451", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsTransientFailure()
    {
        var port = LoopbackSmtpServer.FreePort();

        var result = await Transport(port).SendAsync(Envelope("player@example.com"), CancellationToken.None);

        Assert.Equal(EmailSendOutcome.TransientFailure, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Fact]
    public async Task SendAsync_MalformedRecipient_ReturnsPermanentFailureWithoutConnecting()
    {
        var result = await Transport(LoopbackSmtpServer.FreePort()).SendAsync(Envelope("not an address"), CancellationToken.None);

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
    }

    private SmtpEmailTransport Transport(int port) => new(
        Options.Create(new EmailSettings
        {
            FromAddress = "billing@gamehost.test",
            FromName = "GameHost Billing",
            Smtp = new SmtpSettings { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None, TimeoutSeconds = 10 },
        }),
        _time,
        NullLogger<SmtpEmailTransport>.Instance);

    internal static EmailEnvelope Envelope(string to) => new(
        Guid.NewGuid(),
        to,
        "Steve",
        "Confirm your e-mail",
        "Open https://example.com/confirm to confirm.",
        "<p><a href=\"https://example.com/confirm\">Confirm</a></p>");
}
