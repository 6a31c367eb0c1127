using System.Globalization;
using System.Net;
using System.Resources;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications.Email;
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
/// E-mails about provisioning trouble, added to the caller's context so they are saved with the change that raised
/// them. Each carries an idempotency key (unique in the outbox), so an alert is sent once however often the
/// situation is seen: per task each time it enters the admin queue, per pause, per late server.
/// </summary>
public sealed class ProvisioningAlerts(TimeProvider time, IOptions<ProvisioningSiteOptions> site)
{
    public const string TaskFailedCategory = "provisioning.task_failed";
    public const string QueuePausedCategory = "provisioning.queue_paused";
    public const string ServerDelayedCategory = "provisioning.server_delayed";
    public const string CustomerDelayedCategory = "provisioning.customer_delayed";

    private static readonly ResourceManager Texts = new(typeof(ProvisioningEmailsText));
    private static readonly string AdminRole = Roles.Admin.ToUpperInvariant();

    public async Task TaskFailedAsync(GameHostDbContext db, ProvisioningTask task, GameServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(server);
        var customer = await CustomerEmailAsync(db, server.CustomerId, cancellationToken);
        var panelError = string.Join(" ", new[]
        {
            task.LastErrorHttpStatus?.ToString(CultureInfo.InvariantCulture), task.LastErrorCode, task.LastErrorDetail,
            task.LastErrorField is null ? null : $"({task.LastErrorField})",
        }.Where(p => !string.IsNullOrWhiteSpace(p)));
        await ToStaffAsync(db, $"provisioning.task-failed:{task.Id}:{task.TimesFailed}", TaskFailedCategory, (t, siteName) => (
            t("TaskFailedSubject", siteName, task.Kind, server.Name),
            [
                t("TaskFailedBody"),
                t("FactServer", $"{server.Name} ({server.SubscriptionId:D})"),
                t("FactCustomer", customer?.Email ?? server.CustomerId.ToString("D")),
                t("FactTask", task.Kind, task.Attempts),
                t("FactPanelError", panelError),
                t("FactQueue", Link("/admin/provisioning")),
            ]), cancellationToken);
    }

    public Task QueuePausedAsync(GameHostDbContext db, ProvisioningQueueState queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var pausedAt = queue.PausedAtUtc ?? Now();
        return ToStaffAsync(db, $"provisioning.queue-paused:{pausedAt.Ticks.ToString(CultureInfo.InvariantCulture)}", QueuePausedCategory, (t, siteName) => (
            t("PausedSubject", siteName),
            [
                t("PausedBody"),
                t("FactPanelError", $"{queue.PauseCode}: {queue.PauseDetail}"),
                t("FactQueue", Link("/admin/provisioning")),
            ]), cancellationToken);
    }

    /// <summary>The customer is told we are on it and staff are alerted, once per server.</summary>
    public async Task ServerDelayedAsync(GameHostDbContext db, GameServer server, int minutes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var customer = await CustomerEmailAsync(db, server.CustomerId, cancellationToken);
        var siteName = site.Value.SiteName;
        if (customer is { Email: { Length: > 0 } email })
        {
            var (t, culture) = For(customer.Language);
            var paragraphs = new[]
            {
                t("Greeting", string.IsNullOrWhiteSpace(customer.Name) ? email : customer.Name),
                t("DelayedCustomerBody", server.Name),
                t("DelayedCustomerFollow", Link($"/cabinet/services/{server.SubscriptionId:D}")),
                t("Signature", siteName),
            };
            await AddEmailAsync(db, $"provisioning.delayed:{server.Id:D}:customer", new EmailMessage(
                email, customer.Name, t("DelayedCustomerSubject", server.Name), Text(paragraphs), Html(paragraphs, culture),
                CustomerDelayedCategory, server.CustomerId), cancellationToken);
        }

        await ToStaffAsync(db, $"provisioning.delayed:{server.Id:D}:staff", ServerDelayedCategory, (t, name) => (
            t("DelayedStaffSubject", name, minutes, server.Name),
            [
                t("DelayedStaffBody"),
                t("FactServer", $"{server.Name} ({server.SubscriptionId:D})"),
                t("FactCustomer", customer?.Email ?? server.CustomerId.ToString("D")),
                t("FactPaidAt", server.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                t("FactQueue", Link("/admin/provisioning")),
            ]), cancellationToken);
    }

    private delegate string Translate(string key, params object[] args);

    private sealed record Recipient(Guid Id, string Email, string Name, string Language);

    private async Task ToStaffAsync(
        GameHostDbContext db, string key, string category, Func<Translate, string, (string Subject, string[] Paragraphs)> compose,
        CancellationToken cancellationToken)
    {
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == AdminRole)))
            .Select(u => new Recipient(u.Id, u.Email!, u.FullName, u.PreferredLanguage))
            .ToListAsync(cancellationToken);
        foreach (var admin in admins)
        {
            var (t, culture) = For(admin.Language);
            var (subject, paragraphs) = compose(t, site.Value.SiteName);
            await AddEmailAsync(db, $"{key}:{admin.Id:N}", new EmailMessage(
                admin.Email, admin.Name, subject, Text(paragraphs), Html(paragraphs, culture), category, admin.Id), cancellationToken);
        }
    }

    private async Task AddEmailAsync(GameHostDbContext db, string key, EmailMessage message, CancellationToken cancellationToken)
    {
        // The key is unique in the outbox; an alert already written (this save or an earlier one) is not added again.
        if (db.OutboundEmails.Local.Any(e => e.IdempotencyKey == key)
            || await db.OutboundEmails.AnyAsync(e => e.IdempotencyKey == key, cancellationToken))
        {
            return;
        }

        new EmailOutbox(db, time).Add(message, key);
    }

    private static async Task<Recipient?> CustomerEmailAsync(GameHostDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.Id == customerId)
            .Select(u => new Recipient(u.Id, u.Email ?? "", u.FullName, u.PreferredLanguage))
            .FirstOrDefaultAsync(cancellationToken);

    private static (Translate Translate, CultureInfo Culture) For(string? language)
    {
        var culture = CultureInfo.GetCultureInfo(SupportedLanguages.IsSupported(language) ? language!.ToLowerInvariant() : SupportedLanguages.Default);
        return ((key, args) => string.Format(culture, Texts.GetString(key, culture) ?? key, args), culture);
    }

    private string Link(string path) => site.Value.PublicBaseUrl.TrimEnd('/') + path;

    private static string Text(IEnumerable<string> paragraphs) => string.Join("\n\n", paragraphs) + "\n";

    private static string Html(IEnumerable<string> paragraphs, CultureInfo culture) =>
        $"<!DOCTYPE html>\n<html lang=\"{WebUtility.HtmlEncode(culture.TwoLetterISOLanguageName)}\"><body style=\"font-family: sans-serif; line-height: 1.5\">\n"
        + string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>\n"))
        + "</body></html>";

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
