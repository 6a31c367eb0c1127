using MailKit.Security;

namespace GameHost.App.Features.Notifications.Email;

/// <summary>The <c>Email</c> settings section: sender, SMTP relay, local pickup folder.</summary>
public sealed class EmailSettings
{
    public const string Section = "Email";

    public string FromAddress { get; set; } = "no-reply@gamehost.local";

    public string FromName { get; set; } = "GameHost";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Where messages go as .eml files when no SMTP host is set; <c>|DataDirectory|</c> is expanded.</summary>
    public string PickupDirectory { get; set; } = "|DataDirectory|/mail";

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>
    /// Upper bound for one whole send (connect, authenticate, transmit). Kept well under the dispatcher's lease so a
    /// slow relay can never make two runs send the same message.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 60;
}
