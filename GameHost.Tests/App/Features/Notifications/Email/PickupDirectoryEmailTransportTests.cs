using GameHost.App.Features.Notifications.Email;
using GameHost.Domain.Notifications.Email;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace GameHost.Tests.App.Features.Notifications.Email;

public sealed class PickupDirectoryEmailTransportTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gamehost-tests", Guid.NewGuid().ToString("N"), "mail");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 30, 15, TimeSpan.Zero));

    public void Dispose()
    {
        var parent = Path.GetDirectoryName(_directory)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task SendAsync_Message_WritesEmlThatMimeKitParsesBack()
    {
        var email = SmtpEmailTransportTests.Envelope("player@example.com");

        var result = await Transport().SendAsync(email, CancellationToken.None);

        Assert.Equal(EmailSendOutcome.Sent, result.Outcome);
        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal($"20260301-123015-{email.OutboxId:N}.eml", Path.GetFileName(file));
        var parsed = await MimeMessage.LoadAsync(file);
        Assert.Equal("player@example.com", Assert.IsType<MailboxAddress>(Assert.Single(parsed.To)).Address);
        Assert.Equal("Confirm your e-mail", parsed.Subject);
        Assert.Equal($"{email.OutboxId:N}@gamehost.test", parsed.MessageId);
        Assert.Contains("https://example.com/confirm", parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=", parsed.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow(), parsed.Date);
    }

    [Fact]
    public async Task SendAsync_MalformedRecipient_ReturnsPermanentFailureAndWritesNothing()
    {
        var result = await Transport().SendAsync(SmtpEmailTransportTests.Envelope("nobody"), CancellationToken.None);

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.False(Directory.Exists(_directory) && Directory.EnumerateFileSystemEntries(_directory).Any());
    }

    private PickupDirectoryEmailTransport Transport() => new(
        Options.Create(new EmailSettings { FromAddress = "no-reply@gamehost.test", PickupDirectory = _directory }),
        _time);
}
