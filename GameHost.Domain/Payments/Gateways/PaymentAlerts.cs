using System.Globalization;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>
/// Tells administrators about payments that need a person — money held for review, a gateway event that keeps failing,
/// an attempt whose outcome stays unknown, differences the settlement check found — as catalogue events, so they
/// follow the templates, languages and channels staff set. Each has a key, so it is raised once however often it is
/// seen: per payment, per event, per attempt, per settlement run that found new differences.
/// </summary>
/// <remarks>
/// Values are language-neutral (amounts as <c>12.00 USD</c>, gateway codes, ids), since one alert goes to every
/// administrator whatever their language; the templates carry the words.
/// </remarks>
public sealed class PaymentAlerts(IDbContextFactory<GameHostDbContext> contexts, Notifier notifier)
{
    public Task HeldForReviewAsync(Guid paymentId, PaymentAttempt attempt, Money paid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return ToStaffAsync(Codes.PaymentHeldStaff, new Dictionary<string, string?>
        {
            ["amount"] = paid.ToString(),
            ["expected"] = attempt.Amount.ToString(),
            ["gateway"] = attempt.GatewayCode,
        }, $"payments.held:{paymentId:N}", "/admin/payments/review", cancellationToken);
    }

    public Task EventFailingAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        return ToStaffAsync(Codes.GatewayEventFailingStaff, new Dictionary<string, string?>
        {
            ["gateway"] = gatewayEvent.GatewayCode,
            ["event_id"] = gatewayEvent.EventId,
            ["attempts"] = gatewayEvent.Attempts.ToString(CultureInfo.InvariantCulture),
            ["reason"] = gatewayEvent.Reason,
        }, $"payments.event-failing:{gatewayEvent.Id:N}", "/admin/payments/events", cancellationToken);
    }

    public Task AttemptStuckAsync(PaymentAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return ToStaffAsync(Codes.PaymentStuckStaff, new Dictionary<string, string?>
        {
            ["attempt_id"] = attempt.Id.ToString("D"),
            ["gateway"] = attempt.GatewayCode,
            ["status"] = attempt.Status.ToString(),
        }, $"payments.attempt-stuck:{attempt.Id:N}", "/admin/payments/attempts", cancellationToken);
    }

    /// <summary>New differences found by the settlement check, one alert per run that found any (keyed by the first one).</summary>
    public Task SettlementDifferencesAsync(IReadOnlyList<SettlementDifference> differences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var first = differences.OrderBy(d => d.Id).First();
        var lines = differences.Take(20).Select(d => $"{d.GatewayCode} {d.TransactionId} {d.Amount} ({d.Kind})");
        return ToStaffAsync(Codes.SettlementDifferencesStaff, new Dictionary<string, string?>
        {
            ["count"] = differences.Count.ToString(CultureInfo.InvariantCulture),
            ["date"] = first.DayUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["details"] = string.Join("\n", lines),
        }, $"payments.settlement:{first.Id:N}", "/admin/payments/settlement", cancellationToken);
    }

    private async Task ToStaffAsync(string eventCode, Dictionary<string, string?> values, string key, string link, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await notifier.NotifyStaffAsync(db, eventCode, values, key, link, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A racing run raised the same alert: it is sent once.
        }
    }
}
