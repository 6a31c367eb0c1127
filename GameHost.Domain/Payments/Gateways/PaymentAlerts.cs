using System.Globalization;
using System.Net;
using System.Resources;
using GameHost.Domain.Accounts;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Payments.Gateways;

public sealed class PaymentAlertsText;

/// <summary>
/// E-mails to administrators about payments that need a person: money held for review, a gateway event that keeps
/// failing, an attempt whose outcome stays unknown. Each has an outbox key, so it is sent once however often it is seen.
/// </summary>
public sealed class PaymentAlerts(IDbContextFactory<GameHostDbContext> contexts, TimeProvider time, IOptions<ProvisioningSiteOptions> site)
{
    public const string Category = "payments.staff_alert";

    private static readonly ResourceManager Texts = new(typeof(PaymentAlertsText));

    public Task HeldForReviewAsync(Guid paymentId, PaymentAttempt attempt, Money paid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return ToStaffAsync($"payments.held:{paymentId:N}", (t, name) => (
            t("HeldSubject", name),
            [t("HeldBody", paid.ToString(), attempt.Amount.ToString(), attempt.GatewayCode), t("Link", Link("/admin/payments/review"))]), cancellationToken);
    }

    public Task EventFailingAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        return ToStaffAsync($"payments.event-failing:{gatewayEvent.Id:N}", (t, name) => (
            t("EventSubject", name, gatewayEvent.GatewayCode),
            [t("EventBody", gatewayEvent.EventId, gatewayEvent.Attempts, gatewayEvent.Reason ?? ""), t("Link", Link("/admin/payments/events"))]), cancellationToken);
    }

    public Task AttemptStuckAsync(PaymentAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return ToStaffAsync($"payments.attempt-stuck:{attempt.Id:N}", (t, name) => (
            t("StuckSubject", name),
            [t("StuckBody", attempt.Id.ToString("D"), attempt.GatewayCode, attempt.Status.ToString()), t("Link", Link("/admin/payments/attempts"))]), cancellationToken);
    }

    /// <summary>New differences found by the settlement check, one e-mail per run that found any (keyed by the first one).</summary>
    public Task SettlementDifferencesAsync(IReadOnlyList<SettlementDifference> differences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var first = differences.OrderBy(d => d.Id).First();
        var lines = differences.Take(20).Select(d => $"{d.GatewayCode} {d.TransactionId} {d.Amount} ({d.Kind})").ToList();
        return ToStaffAsync($"payments.settlement:{first.Id:N}", (t, name) => (
            t("SettlementSubject", name, differences.Count),
            [t("SettlementBody", differences.Count, first.DayUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), string.Join("\n", lines),
                t("Link", Link("/admin/payments/settlement"))]), cancellationToken);
    }

    private delegate string Translate(string key, params object[] args);

    private async Task ToStaffAsync(string key, Func<Translate, string, (string Subject, string[] Paragraphs)> compose, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var admin = Roles.Admin.ToUpperInvariant();
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == admin)))
            .Select(u => new { u.Id, u.Email, u.FullName, u.PreferredLanguage })
            .ToListAsync(cancellationToken);
        var outbox = new EmailOutbox(db, time);
        foreach (var user in admins)
        {
            var emailKey = $"{key}:{user.Id:N}";
            if (await db.OutboundEmails.AnyAsync(e => e.IdempotencyKey == emailKey, cancellationToken))
            {
                continue;
            }

            var culture = CultureInfo.GetCultureInfo(SupportedLanguages.IsSupported(user.PreferredLanguage) ? user.PreferredLanguage.ToLowerInvariant() : SupportedLanguages.Default);
            string T(string k, params object[] args) => string.Format(culture, Texts.GetString(k, culture) ?? k, args);
            var (subject, paragraphs) = compose(T, site.Value.SiteName);
            outbox.Add(new EmailMessage(user.Email!, user.FullName, subject, string.Join("\n\n", paragraphs) + "\n",
                "<!DOCTYPE html>\n<html><body>" + string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")) + "</body></html>",
                Category, user.Id), emailKey);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A racing run wrote the same alert: it is sent once.
        }
    }

    private string Link(string path) => site.Value.PublicBaseUrl.TrimEnd('/') + path;
}
