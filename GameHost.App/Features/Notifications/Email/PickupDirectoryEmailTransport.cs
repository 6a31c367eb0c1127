using System.Globalization;
using GameHost.Domain.Notifications.Email;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Notifications.Email;

/// <summary>
/// Adapter for machines without a relay: writes each message as an RFC 5322 <c>.eml</c> file into the pickup folder
/// (<c>{yyyyMMdd-HHmmss}-{id}.eml</c>), so confirmation links can be followed locally. The file appears complete or
/// not at all: it is written under a temporary name and then renamed.
/// </summary>
public sealed class PickupDirectoryEmailTransport(IOptions<EmailSettings> options, TimeProvider time) : IEmailTransport
{
    public string Name => "pickup-directory";

    public string Directory => options.Value.PickupDirectory;

    public async Task<EmailSendResult> SendAsync(EmailEnvelope email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var now = time.GetUtcNow();
        var message = MimeMessageFactory.TryBuild(email, options.Value, now);
        if (message is null)
        {
            return EmailSendResult.Permanent($"Invalid recipient address '{email.ToAddress}'.");
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var name = $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{email.OutboxId:N}.eml";
            var path = Path.Combine(Directory, name);
            var temporary = path + ".tmp";
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            return EmailSendResult.Sent();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return EmailSendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
