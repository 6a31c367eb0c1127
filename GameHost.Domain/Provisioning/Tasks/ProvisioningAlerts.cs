using System.Globalization;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Provisioning.Tasks;

/// <summary>The product's name and public address as e-mails need them; bound from the <c>GameHost</c> settings.</summary>
public sealed class ProvisioningSiteOptions
{
    public const string Section = "GameHost";

    public string SiteName { get; set; } = "GameHost";

    public string PublicBaseUrl { get; set; } = "http://localhost:5000";
}

/// <summary>
/// Provisioning trouble raised as catalogue events through the <see cref="Notifier"/>, added to the caller's context so
/// they are saved with the change that raised them. Each carries an idempotency key, so an alert is sent once however
/// often the situation is seen: per task each time it enters the admin queue, per pause, per late server.
/// </summary>
public sealed class ProvisioningAlerts(TimeProvider time, IOptions<ProvisioningSiteOptions> site, Notifier notifier)
{
    public const string TaskFailedCategory = NotificationCatalogue.Codes.ProvisioningTaskFailed;
    public const string QueuePausedCategory = NotificationCatalogue.Codes.ProvisioningPaused;
    public const string ServerDelayedCategory = NotificationCatalogue.Codes.ServerDelayedStaff;
    public const string CustomerDelayedCategory = NotificationCatalogue.Codes.ProvisioningFailed;

    /// <summary>The same customer event as the delay notice: its text says the server is not ready and we are on it, which fits both.</summary>
    public const string CustomerFailedCategory = NotificationCatalogue.Codes.ProvisioningFailed;

    public async Task TaskFailedAsync(GameHostDbContext db, ProvisioningTask task, GameServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(server);
        var customer = await CustomerEmailAsync(db, server.CustomerId, cancellationToken);
        var panelError = string.Join(" ", new[]
        {
            task.LastErrorHttpStatus?.ToString(CultureInfo.InvariantCulture), task.LastErrorCode, task.LastErrorDetail,
            task.LastErrorField is null ? null : $"({task.LastErrorField})",
        }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var values = new Dictionary<string, string?>
        {
            ["server_name"] = $"{server.Name} ({server.SubscriptionId:D})",
            ["customer"] = customer ?? server.CustomerId.ToString("D"),
            ["error"] = $"{task.Kind}, attempts: {task.Attempts.ToString(CultureInfo.InvariantCulture)}: {panelError}",
        };
        await notifier.NotifyStaffAsync(db, TaskFailedCategory, values, $"provisioning.task-failed:{task.Id}:{task.TimesFailed}", Link("/admin/provisioning"), cancellationToken);
    }

    public Task QueuePausedAsync(GameHostDbContext db, ProvisioningQueueState queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(queue);
        var pausedAt = queue.PausedAtUtc ?? time.GetUtcNow().UtcDateTime;
        var values = new Dictionary<string, string?> { ["error"] = $"{queue.PauseCode}: {queue.PauseDetail}" };
        return notifier.NotifyStaffAsync(
            db, QueuePausedCategory, values, $"provisioning.queue-paused:{pausedAt.Ticks.ToString(CultureInfo.InvariantCulture)}", Link("/admin/provisioning"), cancellationToken);
    }

    /// <summary>
    /// The customer of a server whose setting up failed (the panel refused it for good, or the retries ran out) is told
    /// we are on it, once per server — staff hear of the task through <see cref="TaskFailedAsync"/>. Its key is its own,
    /// so a delay notice sent earlier by the watchdog does not swallow it.
    /// </summary>
    public Task ServerFailedAsync(GameHostDbContext db, GameServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(server);
        return notifier.NotifyAsync(db, new NotifyRequest(
            CustomerFailedCategory, server.CustomerId, new Dictionary<string, string?> { ["server_name"] = server.Name },
            $"provisioning.failed:{server.Id:D}:customer", Link($"/cabinet/services/{server.SubscriptionId:D}")), cancellationToken);
    }

    /// <summary>The customer is told we are on it and staff are alerted, once per server.</summary>
    public async Task ServerDelayedAsync(GameHostDbContext db, GameServer server, int minutes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(server);
        await notifier.NotifyAsync(db, new NotifyRequest(
            CustomerDelayedCategory, server.CustomerId, new Dictionary<string, string?> { ["server_name"] = server.Name },
            $"provisioning.delayed:{server.Id:D}:customer", Link($"/cabinet/services/{server.SubscriptionId:D}")), cancellationToken);

        var customer = await CustomerEmailAsync(db, server.CustomerId, cancellationToken);
        var values = new Dictionary<string, string?>
        {
            ["server_name"] = $"{server.Name} ({server.SubscriptionId:D})",
            ["customer"] = customer ?? server.CustomerId.ToString("D"),
            ["minutes"] = minutes.ToString(CultureInfo.InvariantCulture),
            ["paid_at"] = NotificationValues.Time(server.CreatedAtUtc),
        };
        await notifier.NotifyStaffAsync(db, ServerDelayedCategory, values, $"provisioning.delayed:{server.Id:D}:staff", Link("/admin/provisioning"), cancellationToken);
    }

    private static Task<string?> CustomerEmailAsync(GameHostDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Id == customerId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);

    private string Link(string path) => site.Value.PublicBaseUrl.TrimEnd('/') + path;
}
