using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>Where an attempt's news came from (kept for the logs and the staff lists).</summary>
public enum OutcomeSource
{
    Start = 1,
    Return = 2,
    Webhook = 3,
    Janitor = 4,
    Autopay = 5,
}

/// <summary>What applying a gateway answer did.</summary>
public sealed record AppliedOutcome(PaymentAttempt Attempt, RecordedPayment? Payment, Error? Error);

/// <summary>
/// Applies a gateway's answer to a stored attempt — from the start of the checkout, the buyer's return, a webhook, the
/// janitor or autopay alike. A final success goes through <see cref="RecordPayment"/> keyed by gateway + transaction id,
/// so however many of these paths report the same money, the invoice is paid once and the balance credited once.
/// A success is never undone by a later, older answer (out-of-order events).
/// </summary>
public sealed class AttemptOutcomes(IDbContextFactory<GameHostDbContext> contexts, RecordPayment record, PaymentAlerts alerts, TimeProvider time)
{
    /// <summary>How long after each check the janitor asks again (the last step repeats).</summary>
    public static readonly TimeSpan[] CheckSchedule =
        [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24)];

    public static DateTime NextCheck(DateTime nowUtc, int checks) => nowUtc + CheckSchedule[Math.Min(checks, CheckSchedule.Length - 1)];

    public async Task<AppliedOutcome> ApplyAsync(Guid attemptId, GatewayResult result, OutcomeSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        RecordedPayment? recorded = null;
        Error? error = null;
        for (var round = 0; round < 8; round++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var attempt = await db.PaymentAttempts().FirstOrDefaultAsync(a => a.Id == attemptId, cancellationToken)
                ?? throw new InvalidOperationException($"Payment attempt {attemptId} does not exist.");
            var now = time.GetUtcNow().UtcDateTime;
            if (result.Outcome == GatewayOutcome.Succeeded && recorded is null && error is null)
            {
                if (string.IsNullOrWhiteSpace(result.TransactionId))
                {
                    result = GatewayResult.Unknown("The gateway reported success without a transaction id.");
                }
                else
                {
                    var amount = result.Amount ?? attempt.Amount;
                    var recordedResult = await record.ExecuteAsync(new RecordPaymentCommand(
                        attempt.GatewayCode, result.TransactionId, attempt.CustomerId, attempt.InvoiceId, amount, now,
                        Note: source.ToString().ToLowerInvariant())
                    {
                        GatewayAccountId = attempt.GatewayAccountId,
                        AttemptId = attempt.Id,
                        ExpectedAmount = attempt.Amount,
                    }, cancellationToken);
                    if (recordedResult.IsSuccess)
                    {
                        recorded = recordedResult.Value;
                        if (recorded is { HeldForReview: true, Replayed: false })
                        {
                            await alerts.HeldForReviewAsync(recorded.PaymentId, attempt, amount, cancellationToken);
                        }
                    }
                    else
                    {
                        error = recordedResult.Error;
                    }
                }
            }

            Update(attempt, result, recorded, error, now);
            if (result.SavedMethod is { } method && recorded is not null
                && !await db.SavedPaymentMethods().AnyAsync(m => m.GatewayAccountId == attempt.GatewayAccountId && m.MethodReference == method.MethodReference, cancellationToken))
            {
                var last = await db.SavedPaymentMethods().Where(m => m.CustomerId == attempt.CustomerId).MaxAsync(m => (int?)m.Priority, cancellationToken) ?? 0;
                db.SavedPaymentMethods().Add(new SavedPaymentMethod
                {
                    Id = Guid.NewGuid(), CustomerId = attempt.CustomerId, GatewayAccountId = attempt.GatewayAccountId,
                    CustomerReference = method.CustomerReference, MethodReference = method.MethodReference,
                    Label = Trim(method.Label, 100) ?? method.MethodReference, Priority = last + 1, CreatedAtUtc = now,
                });
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new AppliedOutcome(attempt, recorded, error);
            }
            catch (DbUpdateException)
            {
                // Another path updated the attempt (or saved the method) first: read it again and re-apply.
            }
        }

        throw new InvalidOperationException($"Payment attempt {attemptId} kept changing under us.");
    }

    private static void Update(PaymentAttempt attempt, GatewayResult result, RecordedPayment? recorded, Error? error, DateTime now)
    {
        attempt.UpdatedAtUtc = now;
        attempt.ConcurrencyToken = Guid.NewGuid();
        attempt.GatewayReference ??= Trim(result.GatewayReference, 200);
        if (recorded is not null)
        {
            attempt.Status = AttemptStatus.Succeeded;
            attempt.TransactionId = Trim(result.TransactionId, Payment.MaxTransactionIdLength);
            attempt.PaymentId = recorded.PaymentId;
            attempt.CompletedAtUtc ??= now;
            attempt.NextCheckAtUtc = null;
            attempt.LastErrorCode = recorded.HeldForReview ? "payments.held_for_review" : null;
            attempt.LastErrorMessage = recorded.HeldForReview ? "The amount or currency paid differs from the payment started; staff will review it." : null;
            return;
        }

        if (attempt.Status == AttemptStatus.Succeeded)
        {
            return; // Money was recorded; an older or contradicting answer changes nothing.
        }

        if (error is not null)
        {
            // The gateway says it succeeded but the books refused it (e.g. the customer is gone): keep asking, staff see why.
            attempt.Status = AttemptStatus.Unknown;
            SetError(attempt, error.Code, error.Message);
            attempt.NextCheckAtUtc = NextCheck(now, attempt.Checks);
            return;
        }

        attempt.TransactionId ??= Trim(result.TransactionId, Payment.MaxTransactionIdLength);
        switch (result.Outcome)
        {
            case GatewayOutcome.RequiresCustomerAction:
                attempt.Status = attempt.Status is AttemptStatus.Created or AttemptStatus.NotAttempted or AttemptStatus.RedirectIssued
                    ? AttemptStatus.RedirectIssued
                    : AttemptStatus.RequiresCustomerAction;
                attempt.RedirectUrl = Trim(result.RedirectUrl, 2000) ?? attempt.RedirectUrl;
                attempt.NextCheckAtUtc ??= NextCheck(now, attempt.Checks);
                break;
            case GatewayOutcome.Pending:
                attempt.Status = AttemptStatus.Pending;
                attempt.NextCheckAtUtc = NextCheck(now, attempt.Checks);
                break;
            case GatewayOutcome.Unknown:
                attempt.Status = AttemptStatus.Unknown;
                SetError(attempt, result.ErrorCode, result.ErrorMessage);
                attempt.NextCheckAtUtc = NextCheck(now, attempt.Checks);
                break;
            case GatewayOutcome.NotAttempted:
                if (attempt.Status is AttemptStatus.Created or AttemptStatus.NotAttempted)
                {
                    attempt.Status = AttemptStatus.NotAttempted;
                }

                SetError(attempt, result.ErrorCode, result.ErrorMessage);
                break;
            case GatewayOutcome.Failed:
                attempt.Status = AttemptStatus.Failed;
                SetError(attempt, result.ErrorCode, result.ErrorMessage);
                attempt.CompletedAtUtc ??= now;
                attempt.NextCheckAtUtc = null;
                break;
            case GatewayOutcome.Expired:
                attempt.Status = AttemptStatus.Expired;
                attempt.CompletedAtUtc ??= now;
                attempt.NextCheckAtUtc = null;
                break;
            default:
                break;
        }
    }

    private static void SetError(PaymentAttempt attempt, string? code, string? message)
    {
        attempt.LastErrorCode = Trim(code, 100);
        attempt.LastErrorMessage = Trim(message, 500);
    }

    private static string? Trim(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= max ? text : text[..max];
}
