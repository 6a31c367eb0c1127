using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Mail.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Support.Mail;

/// <summary>What one import run did; the job logs it and keeps it as the run's summary.</summary>
public sealed record MailImportResult(int Opened, int Threaded, int Refused, int AutoReplies, int Ignored, int Duplicates, int Failed, bool Disabled = false)
{
    public static MailImportResult Off { get; } = new(0, 0, 0, 0, 0, 0, 0, Disabled: true);

    public int Total => Opened + Threaded + Refused + AutoReplies + Ignored + Duplicates + Failed;

    public bool IsIdle => Total == 0;

    public string ToSummary() => Disabled
        ? "mailbox off"
        : $"opened={Opened} threaded={Threaded} refused={Refused} auto-replies={AutoReplies} ignored={Ignored} duplicates={Duplicates} failed={Failed}";
}

/// <summary>Site facts the refusal e-mail needs.</summary>
public sealed record MailImportContext(string SiteName, string SignUpUrl);

/// <summary>
/// Reads the support mailbox and turns mail into tickets: every inbox message in UID order is de-duplicated by its
/// Message-ID (or a hash), threaded into the sender's ticket by the reference in the subject or by
/// In-Reply-To/References, or opens a new ticket in the department it was addressed to; strangers get one polite
/// refusal; auto-replies and bounces are filed unanswered. Each message leaves the inbox only after what it caused
/// is saved, so a run that stops anywhere loses nothing and imports nothing twice.
/// </summary>
/// <remarks>
/// The helpdesk's own use cases (<see cref="TicketDesk"/>) write the ticket and its notifications; they save on
/// their own context, so the import claims the message first (a <see cref="MailImportOutcome.Pending"/> log row),
/// then calls the use case, then marks the new message as e-mail and completes the claim. A run that stops between
/// those saves leaves the claim; the next run finds the message the use case wrote (same author, same text, not
/// older than the claim) and completes it instead of importing again.
/// </remarks>
public sealed class SupportMailImportSweep(
    IDbContextFactory<GameHostDbContext> dbFactory,
    IMailbox mailbox,
    ISecretProtector protector,
    TicketDesk desk,
    TimeProvider time,
    IOptions<SupportOptions> supportOptions,
    ILogger<SupportMailImportSweep> logger)
{
    /// <summary>Messages handled per run at most; the rest wait for the next run.</summary>
    public int MaxMessagesPerRun { get; init; } = 10_000;

    /// <summary>A stranger is refused at most once in this long, so a misbehaving responder cannot make us a mail cannon.</summary>
    public static readonly TimeSpan RefusalQuietPeriod = TimeSpan.FromDays(1);

    public async Task<MailImportResult> RunAsync(MailImportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        SupportMailSettings settings;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            settings = await db.SupportMailSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new SupportMailSettings();
        }

        if (!settings.Enabled || !settings.IsConfigured)
        {
            return MailImportResult.Off;
        }

        var password = protector.Unprotect(settings.ProtectedPassword);
        if (password is null)
        {
            await RecordRunAsync(false, "The stored mailbox password cannot be read any more; enter it again.", CancellationToken.None);
            throw new InvalidOperationException("The support mailbox password cannot be unprotected.");
        }

        var counts = new Counts();
        try
        {
            await using var session = await mailbox.OpenAsync(
                new MailboxConnection(settings.Host, settings.Port, settings.Security, settings.UserName, password, settings.InboxFolder),
                cancellationToken);
            var uids = await session.ListInboxAsync(cancellationToken);
            foreach (var uid in uids.Take(MaxMessagesPerRun))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fetch = await session.FetchAsync(uid, cancellationToken);
                var (outcome, duplicate) = await ImportOneAsync(fetch, settings, context, cancellationToken);
                counts.Add(outcome, duplicate);
                await session.MoveAsync(uid, FolderFor(outcome, settings), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordRunAsync(false, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
            throw;
        }

        var result = counts.ToResult();
        await RecordRunAsync(true, result.ToSummary(), CancellationToken.None);
        return result;
    }

    private static string FolderFor(MailImportOutcome outcome, SupportMailSettings settings) => outcome switch
    {
        MailImportOutcome.AutoReply => settings.AutoReplyFolder,
        MailImportOutcome.Failed => settings.FailedFolder,
        _ => settings.ProcessedFolder,
    };

    private async Task<(MailImportOutcome Outcome, bool Duplicate)> ImportOneAsync(
        MailboxFetch fetch, SupportMailSettings settings, MailImportContext context, CancellationToken cancellationToken)
    {
        if (fetch.Mail is null)
        {
            var key = "unreadable:" + (fetch.RawSha256 ?? fetch.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return await FailAsync(key, null, "", fetch.Problem ?? "The message could not be read.", cancellationToken);
        }

        var mail = fetch.Mail;
        var messageKey = MailKeys.Of(mail);
        try
        {
            return await ImportMailAsync(mail, messageKey, settings, context, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DbUpdateException)
        {
            // One message that breaks the import is filed as failed for staff; the rest of the inbox goes on.
            logger.LogError(ex, "Support mail {MessageKey} could not be imported", messageKey);
            return await FailAsync(messageKey, mail.FromAddress, mail.Subject, $"{ex.GetType().Name}: {ex.Message}", cancellationToken);
        }
    }

    private async Task<(MailImportOutcome Outcome, bool Duplicate)> ImportMailAsync(
        InboundMail mail, string messageKey, SupportMailSettings settings, MailImportContext context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var logged = await db.SupportMailImports().FirstOrDefaultAsync(i => i.MessageKey == messageKey, cancellationToken);
        if (logged is { Outcome: not MailImportOutcome.Pending })
        {
            return (logged.Outcome, true);
        }

        var kind = MailClassifier.Classify(mail);
        if (kind != InboundMailKind.Person)
        {
            return await LogAsync(db, messageKey, mail, MailImportOutcome.AutoReply, null, null,
                kind == InboundMailKind.Bounce ? "Bounce: filed, not answered." : "Auto-reply: filed, not answered.", cancellationToken);
        }

        var sender = SenderAddress(mail.FromAddress);
        if (sender is null)
        {
            return await LogAsync(db, messageKey, mail, MailImportOutcome.Failed, null, null, "The message has no valid sender address.", cancellationToken);
        }

        var normalized = sender.ToUpperInvariant();
        var customer = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id })
            .FirstOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            return settings.UnknownSenders == UnknownSenderPolicy.GuestTicket
                ? await GuestAsync(db, messageKey, mail, sender, cancellationToken)
                : await RefuseAsync(db, messageKey, mail, sender, settings, context, cancellationToken);
        }

        var body = MailText.BodyOf(mail, TicketMessage.MaxBodyLength - 2000);
        var (uploads, refused) = Attachments(mail.Attachments);
        if (refused.Count > 0)
        {
            body += "\n\n_" + "Attachments not kept: " + string.Join("; ", refused) + "_";
        }

        if (body.Trim().Length == 0)
        {
            body = "(no text)";
        }

        var ticket = await FindTicketAsync(db, mail, customer.Id, cancellationToken);

        // Claim the message (or take over a claim a stopped run left) before the use case writes anything.
        if (logged is not null)
        {
            var earlier = await db.TicketMessages().AsNoTracking()
                .Where(m => m.AuthorId == customer.Id && m.MailMessageId == null && !m.IsStaff && m.CreatedAtUtc >= logged.ImportedAtUtc && m.Body == body)
                .OrderBy(m => m.CreatedAtUtc)
                .Select(m => new { m.Id, m.TicketId })
                .FirstOrDefaultAsync(cancellationToken);
            if (earlier is not null)
            {
                return await CompleteAsync(db, logged, earlier.TicketId, earlier.Id, mail, messageKey,
                    ticket?.Id == earlier.TicketId ? MailImportOutcome.Threaded : MailImportOutcome.Opened, refused, cancellationToken);
            }
        }
        else
        {
            logged = NewLog(messageKey, mail, MailImportOutcome.Pending, null, null, null);
            db.SupportMailImports().Add(logged);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A concurrent run claimed it first: it is theirs.
                return (MailImportOutcome.Ignored, true);
            }
        }

        if (ticket is not null)
        {
            var reply = await desk.CustomerReplyAsync(customer.Id, ticket.Id, new ReplyRequest(body, uploads), cancellationToken);
            if (!reply.IsSuccess && IsAttachmentProblem(reply.Error.Code) && uploads.Count > 0)
            {
                refused.Add($"all attachments ({reply.Error.Message})");
                body += "\n\n_Attachments not kept: " + reply.Error.Message + "_";
                reply = await desk.CustomerReplyAsync(customer.Id, ticket.Id, new ReplyRequest(body), cancellationToken);
            }

            if (reply.IsSuccess)
            {
                return await CompleteAsync(db, logged, ticket.Id, reply.Value, mail, messageKey, MailImportOutcome.Threaded, refused, cancellationToken);
            }

            if (reply.Error.Code is not (SupportErrors.Closed or SupportErrors.Merged))
            {
                return await CompleteFailedAsync(db, logged, $"{reply.Error.Code}: {reply.Error.Message}", cancellationToken);
            }

            // A reply to a closed ticket starts a new one (its subject says which it follows up).
        }

        var department = await DepartmentForAsync(db, mail.Recipients, cancellationToken);
        if (department is null)
        {
            return await CompleteFailedAsync(db, logged, "No active support department to open the ticket in.", cancellationToken);
        }

        var subject = MailSubjects.ForTicket(mail.Subject, Ticket.MaxSubjectLength);
        var opened = await desk.OpenAsync(customer.Id, new OpenTicketRequest(department.Value, subject, body, Attachments: uploads), cancellationToken);
        if (!opened.IsSuccess && IsAttachmentProblem(opened.Error.Code) && uploads.Count > 0)
        {
            refused.Add($"all attachments ({opened.Error.Message})");
            body += "\n\n_Attachments not kept: " + opened.Error.Message + "_";
            opened = await desk.OpenAsync(customer.Id, new OpenTicketRequest(department.Value, subject, body), cancellationToken);
        }

        if (!opened.IsSuccess)
        {
            return await CompleteFailedAsync(db, logged, $"{opened.Error.Code}: {opened.Error.Message}", cancellationToken);
        }

        var firstMessage = await db.TicketMessages().AsNoTracking()
            .Where(m => m.TicketId == opened.Value.TicketId)
            .OrderBy(m => m.CreatedAtUtc)
            .Select(m => m.Id)
            .FirstAsync(cancellationToken);
        return await CompleteAsync(db, logged, opened.Value.TicketId, firstMessage, mail, messageKey, MailImportOutcome.Opened, refused, cancellationToken);
    }

    /// <summary>
    /// The sender's open ticket this mail continues: by the reference in the subject, else by the message ids it
    /// answers (an earlier customer e-mail stored with the ticket, or one of our own notification e-mails about it).
    /// Only the ticket's own customer can continue it; a merged ticket continues in the one it was merged into.
    /// </summary>
    private static async Task<Ticket?> FindTicketAsync(GameHostDbContext db, InboundMail mail, Guid customerId, CancellationToken cancellationToken)
    {
        Ticket? ticket = null;
        if (TicketReferences.FindInSubject(mail.Subject) is { } reference)
        {
            ticket = await db.Tickets().AsNoTracking().FirstOrDefaultAsync(t => t.Reference == reference && t.CustomerId == customerId, cancellationToken);
        }

        if (ticket is null)
        {
            var ids = MailKeys.RepliedTo(mail);
            if (ids.Count > 0)
            {
                var ticketId = await db.TicketMessages().AsNoTracking()
                    .Where(m => m.MailMessageId != null && ids.Contains(m.MailMessageId))
                    .Select(m => (Guid?)m.TicketId)
                    .FirstOrDefaultAsync(cancellationToken);
                if (ticketId is null)
                {
                    var outboxIds = ids.Select(MailKeys.OutboxIdOf).OfType<Guid>().ToList();
                    var subjects = await db.OutboundEmails.AsNoTracking()
                        .Where(e => outboxIds.Contains(e.Id))
                        .Select(e => e.Subject)
                        .ToListAsync(cancellationToken);
                    var references = subjects.Select(TicketReferences.FindInSubject).OfType<string>().ToList();
                    ticketId = await db.Tickets().AsNoTracking()
                        .Where(t => references.Contains(t.Reference))
                        .Select(t => (Guid?)t.Id)
                        .FirstOrDefaultAsync(cancellationToken);
                }

                if (ticketId is not null)
                {
                    ticket = await db.Tickets().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerId == customerId, cancellationToken);
                }
            }
        }

        // Follow merges (bounded, in case of a cycle).
        for (var hops = 0; ticket?.MergedIntoTicketId is { } target && hops < 5; hops++)
        {
            ticket = await db.Tickets().AsNoTracking().FirstOrDefaultAsync(t => t.Id == target && t.CustomerId == customerId, cancellationToken);
        }

        return ticket;
    }

    private static async Task<Guid?> DepartmentForAsync(GameHostDbContext db, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var departments = await db.SupportDepartments().AsNoTracking()
            .Where(d => d.IsActive)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new { d.Id, d.Email })
            .ToListAsync(cancellationToken);
        var addressed = departments.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d.Email)
            && recipients.Any(r => string.Equals(r.Trim(), d.Email!.Trim(), StringComparison.OrdinalIgnoreCase)));
        return (addressed ?? departments.FirstOrDefault())?.Id;
    }

    /// <summary>Attachments the helpdesk accepts (type by content, size, count); the others are named in the message.</summary>
    private (List<AttachmentUpload> Kept, List<string> Refused) Attachments(IReadOnlyList<InboundAttachment> attachments)
    {
        var limits = supportOptions.Value;
        var kept = new List<AttachmentUpload>();
        var refused = new List<string>();
        foreach (var file in attachments)
        {
            var name = AttachmentStore.CleanFileName(file.FileName);
            if (file.Content.Length == 0)
            {
                refused.Add($"{name} (empty)");
            }
            else if (file.Content.LongLength > limits.MaxFileBytes)
            {
                refused.Add($"{name} (too large)");
            }
            else if (FileSignatures.Detect(file.Content.AsSpan(0, Math.Min(file.Content.Length, 512))) is null)
            {
                refused.Add($"{name} (file type not accepted)");
            }
            else if (kept.Count >= limits.MaxFilesPerMessage)
            {
                refused.Add($"{name} (too many files)");
            }
            else
            {
                kept.Add(new AttachmentUpload(file.FileName, file.Content));
            }
        }

        return (kept, refused);
    }

    private static bool IsAttachmentProblem(string code) =>
        code is SupportErrors.AttachmentTooLarge or SupportErrors.AttachmentsTooLarge or SupportErrors.AttachmentType or SupportErrors.AttachmentEmpty;

    /// <summary>A stranger under the guest policy: the helpdesk opens or continues their guest ticket in one save, then the log records it.</summary>
    private async Task<(MailImportOutcome, bool)> GuestAsync(GameHostDbContext db, string messageKey, InboundMail mail, string sender, CancellationToken cancellationToken)
    {
        var (uploads, refused) = Attachments(mail.Attachments);
        var body = MailText.BodyOf(mail, TicketMessage.MaxBodyLength - 2000);
        if (refused.Count > 0)
        {
            body += "\n\n_Attachments not kept: " + string.Join("; ", refused) + "_";
        }

        var guest = await desk.GuestMailAsync(
            new GuestMail(messageKey, sender, mail.FromName, mail.Subject, MailSubjects.ForTicket(mail.Subject, Ticket.MaxSubjectLength), body, uploads,
                mail.Recipients, mail.InReplyTo, MailKeys.RepliedTo(mail)),
            cancellationToken);
        if (!guest.IsSuccess)
        {
            return await LogAsync(db, messageKey, mail, MailImportOutcome.Failed, null, null, $"{guest.Error.Code}: {guest.Error.Message}", cancellationToken);
        }

        if (guest.Value.AttachmentsNotKept is { } notKept)
        {
            refused.Add(notKept);
        }

        return await LogAsync(db, messageKey, mail, guest.Value.Opened ? MailImportOutcome.Opened : MailImportOutcome.Threaded, guest.Value.TicketId, guest.Value.MessageId,
            refused.Count == 0 ? null : "Attachments not kept: " + string.Join("; ", refused), cancellationToken);
    }

    private async Task<(MailImportOutcome, bool)> RefuseAsync(
        GameHostDbContext db, string messageKey, InboundMail mail, string sender, SupportMailSettings settings, MailImportContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - RefusalQuietPeriod;
        var recentlyRefused = await db.SupportMailImports().AsNoTracking()
            .AnyAsync(i => i.FromAddress == sender && i.Outcome == MailImportOutcome.Refused && i.ImportedAtUtc >= since, cancellationToken);
        if (settings.UnknownSenders != UnknownSenderPolicy.Refuse || recentlyRefused)
        {
            var why = recentlyRefused ? "Unknown sender, already answered today." : "Unknown sender.";
            return await LogAsync(db, messageKey, mail, MailImportOutcome.Ignored, null, null, why, cancellationToken);
        }

        var outbox = new EmailOutbox(db, time);
        outbox.Add(MailRefusal.For(sender, mail.Subject, context), "support-mail-refusal:" + messageKey);
        return await LogAsync(db, messageKey, mail, MailImportOutcome.Refused, null, null, null, cancellationToken);
    }

    private async Task<(MailImportOutcome, bool)> LogAsync(
        GameHostDbContext db, string messageKey, InboundMail mail, MailImportOutcome outcome, Guid? ticketId, Guid? messageId, string? detail,
        CancellationToken cancellationToken)
    {
        var pending = await db.SupportMailImports().FirstOrDefaultAsync(i => i.MessageKey == messageKey, cancellationToken);
        if (pending is null)
        {
            db.SupportMailImports().Add(NewLog(messageKey, mail, outcome, ticketId, messageId, detail));
        }
        else
        {
            pending.Outcome = outcome;
            pending.Detail = Bounded(detail);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (MailImportOutcome.Ignored, true);
        }

        return (outcome, false);
    }

    private static async Task<(MailImportOutcome, bool)> CompleteAsync(
        GameHostDbContext db, SupportMailImport log, Guid ticketId, Guid messageId, InboundMail mail, string messageKey, MailImportOutcome outcome,
        IReadOnlyList<string> refused, CancellationToken cancellationToken)
    {
        var message = await db.TicketMessages().FirstAsync(m => m.Id == messageId, cancellationToken);
        message.Source = MessageSource.Email;
        message.MailMessageId = messageKey;
        message.InReplyTo = mail.InReplyTo is { Length: <= 500 } inReplyTo ? inReplyTo : null;
        log.Outcome = outcome;
        log.TicketId = ticketId;
        log.TicketMessageId = messageId;
        log.Detail = refused.Count == 0 ? null : Bounded("Attachments not kept: " + string.Join("; ", refused));
        await db.SaveChangesAsync(cancellationToken);
        return (outcome, false);
    }

    private static async Task<(MailImportOutcome, bool)> CompleteFailedAsync(GameHostDbContext db, SupportMailImport log, string detail, CancellationToken cancellationToken)
    {
        log.Outcome = MailImportOutcome.Failed;
        log.Detail = Bounded(detail);
        await db.SaveChangesAsync(cancellationToken);
        return (MailImportOutcome.Failed, false);
    }

    private async Task<(MailImportOutcome, bool)> FailAsync(string messageKey, string? from, string subject, string detail, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.SupportMailImports().FirstOrDefaultAsync(i => i.MessageKey == messageKey, cancellationToken);
        if (existing is { Outcome: not MailImportOutcome.Pending })
        {
            return (existing.Outcome, true);
        }

        if (existing is null)
        {
            db.SupportMailImports().Add(new SupportMailImport
            {
                Id = Guid.NewGuid(),
                MessageKey = messageKey,
                Outcome = MailImportOutcome.Failed,
                FromAddress = Cut(from, 320),
                Subject = Cut(subject, 300) ?? "",
                Detail = Bounded(detail),
                ImportedAtUtc = time.GetUtcNow().UtcDateTime,
            });
        }
        else
        {
            existing.Outcome = MailImportOutcome.Failed;
            existing.Detail = Bounded(detail);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Support mail {MessageKey} filed as failed: {Detail}", messageKey, detail);
        return (MailImportOutcome.Failed, false);
    }

    private SupportMailImport NewLog(string messageKey, InboundMail mail, MailImportOutcome outcome, Guid? ticketId, Guid? messageId, string? detail) => new()
    {
        Id = Guid.NewGuid(),
        MessageKey = messageKey,
        Outcome = outcome,
        FromAddress = Cut(SenderAddress(mail.FromAddress) ?? mail.FromAddress, 320),
        Subject = Cut(mail.Subject, 300) ?? "",
        TicketId = ticketId,
        TicketMessageId = messageId,
        Detail = Bounded(detail),
        ImportedAtUtc = time.GetUtcNow().UtcDateTime,
    };

    private async Task RecordRunAsync(bool succeeded, string detail, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.SupportMailSettings().FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            return;
        }

        settings.LastRunAtUtc = time.GetUtcNow().UtcDateTime;
        settings.LastRunSucceeded = succeeded;
        settings.LastRunDetail = Bounded(detail);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Staff saved the settings meanwhile; the next run records its status.
        }
    }

    /// <summary>A plain, valid-looking address (lower-cased), or null.</summary>
    internal static string? SenderAddress(string? from)
    {
        var address = from?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > 320 || address.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';'))
        {
            return null;
        }

        var at = address.LastIndexOf('@');
        return at <= 0 || at == address.Length - 1 || !address[(at + 1)..].Contains('.', StringComparison.Ordinal)
            ? null
            : address.ToLowerInvariant();
    }

    private static string? Bounded(string? detail) => Cut(detail, SupportMailImport.MaxDetailLength);

    private static string? Cut(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];

    private sealed class Counts
    {
        private int _opened, _threaded, _refused, _autoReplies, _ignored, _duplicates, _failed;

        public void Add(MailImportOutcome outcome, bool duplicate)
        {
            if (duplicate)
            {
                _duplicates++;
                return;
            }

            switch (outcome)
            {
                case MailImportOutcome.Opened: _opened++; break;
                case MailImportOutcome.Threaded: _threaded++; break;
                case MailImportOutcome.Refused: _refused++; break;
                case MailImportOutcome.AutoReply: _autoReplies++; break;
                case MailImportOutcome.Failed: _failed++; break;
                default: _ignored++; break;
            }
        }

        public MailImportResult ToResult() => new(_opened, _threaded, _refused, _autoReplies, _ignored, _duplicates, _failed);
    }
}
