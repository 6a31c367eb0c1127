using System.Net.Sockets;
using GameHost.Domain.Notifications.Email;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Notifications.Email;

/// <summary>
/// Adapter: sends through an SMTP relay with MailKit, one connection per message. The relay's verdict is mapped at
/// this boundary: 5xx replies are permanent for the message, 4xx replies and network trouble are transient.
/// </summary>
public sealed class SmtpEmailTransport(IOptions<EmailSettings> options, TimeProvider time, ILogger<SmtpEmailTransport> logger) : IEmailTransport
{
    public string Name => "smtp";

    public async Task<EmailSendResult> SendAsync(EmailEnvelope email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var settings = options.Value;
        var message = MimeMessageFactory.TryBuild(email, settings, time.GetUtcNow());
        if (message is null)
        {
            return EmailSendResult.Permanent($"Invalid recipient address '{email.ToAddress}'.");
        }

        var smtp = settings.Smtp;
        var limit = TimeSpan.FromSeconds(smtp.TimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        using var client = new SmtpClient { Timeout = (int)limit.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, deadline.Token);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password, deadline.Token);
            }

            await client.SendAsync(message, deadline.Token);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            var text = $"SMTP {code}: {ex.Message.Trim()}";
            return code >= 500 ? EmailSendResult.Permanent(text) : EmailSendResult.Transient(text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return EmailSendResult.Transient($"SMTP timed out after {limit.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or SslHandshakeException
                                       or AuthenticationException or ServiceNotConnectedException or TimeoutException)
        {
            return EmailSendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }

        try
        {
            await client.DisconnectAsync(quit: true, deadline.Token);
        }
#pragma warning disable CA1031 // The relay has accepted the message; a failed goodbye must not turn that into a retry.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogDebug(ex, "SMTP disconnect after sending {EmailId} failed", email.OutboxId);
        }

        return EmailSendResult.Sent();
    }
}
