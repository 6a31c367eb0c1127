using System.Security.Cryptography;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.App.Features.Notifications.SignIn;

/// <summary>
/// Raises <see cref="NotificationCatalogue.Codes.NewLogin"/> when a user signs in from a browser we have not seen them
/// on. Each browser carries a random, long-lived device cookie; the notification's key is the user plus that device,
/// so the notifier tells the user once per new browser and never again for the same one. The very first sign-in of an
/// account (no earlier login) is not news and raises nothing, but still marks the browser as known.
/// </summary>
public sealed class NewSignInNotice(IHttpContextAccessor http, Notifier notifier, IDbContextFactory<GameHostDbContext> contexts, TimeProvider time)
{
    public const string DeviceCookie = "gh_device";
    public const int MaxDeviceLength = 120;

    /// <param name="previousLoginUtc">The user's last sign-in before this one; null on the first ever.</param>
    public async Task AfterSignInAsync(ApplicationUser user, DateTime? previousLoginUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var context = http.HttpContext;
        if (context is null)
        {
            return;
        }

        var device = context.Request.Cookies[DeviceCookie];
        if (device is null || device.Length != 32 || !device.All(char.IsAsciiHexDigit))
        {
            device = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            if (!context.Response.HasStarted)
            {
                context.Response.Cookies.Append(DeviceCookie, device, new CookieOptions
                {
                    MaxAge = TimeSpan.FromDays(400), HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/",
                });
            }
        }

        if (previousLoginUtc is null)
        {
            return;
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        var values = new Dictionary<string, string?>
        {
            ["ip_address"] = context.Connection.RemoteIpAddress?.ToString() ?? "?",
            ["device"] = string.IsNullOrWhiteSpace(agent) ? "?" : agent.Length <= MaxDeviceLength ? agent : agent[..MaxDeviceLength] + "…",
            ["time"] = NotificationValues.Time(time.GetUtcNow().UtcDateTime),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await notifier.NotifyAsync(db, new NotifyRequest(
            NotificationCatalogue.Codes.NewLogin, user.Id, values, $"new-login:{user.Id:N}:{device}", "/account/manage/password"), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
