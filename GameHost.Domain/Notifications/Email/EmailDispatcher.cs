using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Notifications.Email;

/// <summary>What one dispatch run did; the job logs it and keeps it as the run's summary.</summary>
public sealed record EmailDispatchResult(int Sent, int Retried, int Failed)
{
    public string ToSummary() => $"sent={Sent} retried={Retried} failed={Failed}";
}

/// <summary>
/// Carries out the e-mail outbox: claims due Pending messages (oldest due first, in batches), sends each through
/// <see cref="IEmailTransport"/>, and records the outcome — Sent, a retry with exponential backoff, or Failed.
/// </summary>
/// <remarks>
/// Runs may overlap (a "Run now" click beside the schedule, a second node, a run outliving its lease), so a message
/// is claimed before it is sent, in its own save: the claim moves <see cref="OutboundEmail.NextAttemptAtUtc"/> to
/// now + lease, which hides the message from every later query, and bumps <see cref="OutboundEmail.Version"/>, a
/// concurrency token. A run that loaded the same row before the claim fails its own claim with a concurrency
/// conflict and skips the message. We lease rather than hold a database lock or a transaction across the send
/// because SQLite has one writer for the whole file: a transaction kept open during an SMTP conversation would stall
/// every request of the site. A run that dies mid-send leaves a lease that simply runs out, so the message is
/// retried; the attempt was counted at the claim, so a message that crashes the sender cannot loop for ever.
/// </remarks>
public sealed class EmailDispatcher(
    GameHostDbContext db,
    IEmailTransport transport,
    TimeProvider time,
    IOptions<EmailDeliveryOptions> options,
    ILogger<EmailDispatcher> logger,
    IEmailAttachmentSource? attachmentSource = null)
{
    private enum Delivery
    {
        Skipped,
        Sent,
        Retried,
        Failed,
    }

    public async Task<EmailDispatchResult> DispatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        int sent = 0, retried = 0, failed = 0;

        for (var batch = 0; batch < settings.MaxBatchesPerRun; batch++)
        {
            // Each batch reads fresh rows: a tracked entity from an earlier batch would hide another run's changes.
            db.ChangeTracker.Clear();
            var now = Now();
            var due = await db.OutboundEmails
                .Where(e => e.Status == OutboundEmailStatus.Pending && e.NextAttemptAtUtc <= now)
                .OrderBy(e => e.NextAttemptAtUtc)
                .ThenBy(e => e.CreatedAtUtc)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var email in due)
            {
                switch (await DeliverAsync(email, settings, cancellationToken))
                {
                    case Delivery.Sent:
                        sent++;
                        break;
                    case Delivery.Retried:
                        retried++;
                        break;
                    case Delivery.Failed:
                        failed++;
                        break;
                }
            }
        }

        db.ChangeTracker.Clear();
        return new EmailDispatchResult(sent, retried, failed);
    }

    /// <summary>
    /// The wait before the next attempt after <paramref name="attempts"/> failed ones: doubling from
    /// <see cref="EmailDeliveryOptions.FirstRetryDelay"/>, capped at <see cref="EmailDeliveryOptions.MaxRetryDelay"/>,
    /// then shortened by up to a fifth so messages that failed together (a relay outage) do not all return together.
    /// The jitter comes from the message id, so it is reproducible.
    /// </summary>
    public static TimeSpan RetryDelay(Guid emailId, int attempts, EmailDeliveryOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return RetriedSend.RetryDelay(emailId, attempts, settings.FirstRetryDelay, settings.MaxRetryDelay);
    }

    private async Task<Delivery> DeliverAsync(OutboundEmail email, EmailDeliveryOptions settings, CancellationToken cancellationToken)
    {
        email.Claim(Now() + settings.Lease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another run claimed it (or staff changed it) since we read it: it is theirs now.
            db.Entry(email).State = EntityState.Detached;
            logger.LogDebug("E-mail {EmailId} was claimed by another run; skipped", email.Id);
            return Delivery.Skipped;
        }

        var result = await SendAsync(email, cancellationToken);
        var now = Now();
        Delivery delivery;
        switch (result.Outcome)
        {
            case EmailSendOutcome.Sent:
                email.MarkSent(now);
                delivery = Delivery.Sent;
                break;
            case EmailSendOutcome.PermanentFailure:
                email.MarkFailed(result.Message ?? "Rejected");
                delivery = Delivery.Failed;
                break;
            default:
                if (email.Attempts >= settings.MaxAttempts)
                {
                    email.MarkFailed(result.Message ?? "Failed");
                    delivery = Delivery.Failed;
                }
                else
                {
                    email.ScheduleRetry(now + RetryDelay(email.Id, email.Attempts, settings), result.Message ?? "Failed");
                    delivery = Delivery.Retried;
                }

                break;
        }

        if (delivery != Delivery.Sent)
        {
            logger.LogWarning(
                "E-mail {EmailId} attempt {Attempt} via {Transport}: {Outcome} ({Error})",
                email.Id, email.Attempts, transport.Name, delivery, result.Message);
        }

        try
        {
            // Not cancellable: the outside world has already seen this attempt, so what happened must be recorded.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Only possible when the send outlived the lease and another run re-claimed the message.
            db.Entry(email).State = EntityState.Detached;
            logger.LogWarning("E-mail {EmailId} changed while it was being sent; its outcome {Outcome} was not recorded", email.Id, delivery);
        }

        return delivery;
    }

    private async Task<EmailSendResult> SendAsync(OutboundEmail email, CancellationToken cancellationToken)
    {
        try
        {
            return await transport.SendAsync(EmailEnvelope.From(email, await FilesAsync(email, cancellationToken)), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A transport bug must cost one attempt of one message, not the rest of the batch.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "E-mail transport {Transport} threw for {EmailId}", transport.Name, email.Id);
            return EmailSendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// The message's files, read at send time from their owner's store. A file that is gone (or no store to read it)
    /// is left out and logged: the text still reaches the recipient, who can ask again, rather than nothing at all.
    /// </summary>
    private async Task<IReadOnlyList<EmailFile>> FilesAsync(OutboundEmail email, CancellationToken cancellationToken)
    {
        var attached = await db.Set<OutboundEmailAttachment>().AsNoTracking()
            .Where(a => a.OutboundEmailId == email.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var files = new List<EmailFile>(attached.Count);
        foreach (var file in attached)
        {
            var content = attachmentSource is null ? null : await attachmentSource.ReadAsync(file.Source, cancellationToken);
            if (content is null)
            {
                logger.LogWarning("E-mail {EmailId}: attachment {FileName} could not be read; sent without it", email.Id, file.FileName);
                continue;
            }

            files.Add(new EmailFile(file.FileName, file.ContentType, content));
        }

        return files;
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
