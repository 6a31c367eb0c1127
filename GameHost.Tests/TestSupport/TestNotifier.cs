using GameHost.App.Features.Notifications.Unsubscribe;
using GameHost.Domain.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// A <see cref="Notifier"/> wired as the host wires it (Data Protection unsubscribe tokens, an in-process signal hub)
/// for tests that build a use case or sweep by hand.
/// </summary>
public static class TestNotifier
{
    public const string SiteName = "GameHost";
    public const string PublicBaseUrl = "https://billing.example.com";

    public static Notifier Create(TimeProvider time, string siteName = SiteName, string publicBaseUrl = PublicBaseUrl, NotificationSignals? signals = null) =>
        new(time,
            Options.Create(new NotificationSiteOptions { SiteName = siteName, PublicBaseUrl = publicBaseUrl }),
            new DataProtectionUnsubscribeTokens(new EphemeralDataProtectionProvider()),
            signals ?? new NotificationSignals());
}
