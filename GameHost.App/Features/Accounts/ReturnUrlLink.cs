using GameHost.App.Hosting;

namespace GameHost.App.Features.Accounts;

/// <summary>
/// Carries where the visitor was going (e.g. an order form) through login, registration and the e-mailed confirmation
/// link, so they land back there. Only local paths travel, as everywhere a return URL is read.
/// </summary>
public static class ReturnUrlLink
{
    public static string To(string path, string? returnUrl)
    {
        var safe = PreferenceEndpoints.SafeReturnUrl(returnUrl);
        return safe == "/" ? path : $"{path}?returnUrl={Uri.EscapeDataString(safe)}";
    }
}
