namespace GameHost.App.Features.Notifications.Sms;

/// <summary>The <c>Notifications:Sms</c> settings.</summary>
public sealed class SmsOptions
{
    public const string Section = "Notifications:Sms";

    public int TimeoutSeconds { get; set; } = 20;
}
