using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Mail.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
public sealed record MailImportContext(string SiteName, string SignUpUrl)
{
    /// <summary>
    /// Addresses the product sends from (the e-mail sender setting): mail from them is our own coming back and is
    /// never imported. Department addresses and the mailbox's own addresses (login, reply address) are added by the import.
    /// </summary>
    public IReadOnlyCollection<string> OwnAddresses { get; init; } = [];
}

/// <summary>
/// Reads the support mailbox and turns mail into tickets: every inbox message in UID order is de-duplicated by its
/// Message-ID (or a hash), threaded into the sender's ticket by the reference in the subject or by
/// In-Reply-To/References, or opens a new ticket in the department it was addressed to; strangers get one polite
/// refusal; auto-replies and bounces are filed unanswered. Each message leaves the inbox only after what it caused
/// is saved, so a run that stops anywhere loses nothing and imports nothing twice.
/// </summary>
/// <remarks>
/// The helpdesk's own use cases (<see cref="TicketDesk"/>) write the ticket and its notifications. For a customer's
/// mail they run inside one transaction with the import's own writes (<see cref="MailImportTransaction"/>): the
/// ticket or reply, its attachments, the e-mail marks and the Message-ID log row commit together or not at all, and
/// the mail is moved only after that commit. A <see cref="MailImportOutcome.Pending"/> claim left by an earlier
/// version of the import (which saved in three steps) is still completed without importing the mail twice.
/// </remarks>
public sealed class SupportMailImportSweep(
    IDbContextFactory<GameHostDbContext> dbFactory,
    IMailbox mailbox,
    ISecretProtector protector,
    IServiceProvider services,
    AttachmentStore store,
    TicketSignals ticketSignals,
    TimeProvider time,
    IOptions<SupportOptions> supportOptions,
    ILogger<SupportMailImportSweep> logger)
{
    /// <summary>Messages handled per run at most; the rest wait for the next run.</summary>
    public int MaxMessagesPerRun { get; init; } = 10_000;

    /// <summary>Committed messages moved out of the inbox together, in one IMAP command per folder.</summary>
    public int MoveBatchSize { get; init; } = 50;

    // Per run (an instance serves one run at a time: it is scoped to the job run): the active departments, read once,
    // and the customers already found by address.
    private IReadOnlyList<(Guid Id, string? Email)>? _departments;
    private HashSet<string>? _ownAddresses;
    private readonly Dictionary<string, Guid> _customers = new(StringComparer.Ordinal);

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
        _departments = null;
        _ownAddresses = null;
        _customers.Clear();
        try
        {
            await using var session = await mailbox.OpenAsync(
                new MailboxConnection(settings.Host, settings.Port, settings.Security, settings.UserName, password, settings.InboxFolder),
                cancellationToken);
            var moves = new CommittedMoves(session);
            try
            {
                var uids = await session.ListInboxAsync(cancellationToken);
                foreach (var uid in uids.Take(MaxMessagesPerRun))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var fetch = await session.FetchAsync(uid, cancellationToken);
                    var (outcome, duplicate) = await ImportOneAsync(fetch, settings, context, cancellationToken);
                    counts.Add(outcome, duplicate);

                    // Only what is committed is queued to leave the inbox; the queue is moved every few messages.
                    moves.Add(uid, FolderFor(outcome, settings));
                    if (moves.Count >= MoveBatchSize)
                    {
                        await moves.FlushAsync(cancellationToken);
                    }
                }

                await moves.FlushAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && moves.Count > 0)
            {
                // The run stops; what was committed before it still leaves the inbox when the connection allows.
                await moves.TryFlushAsync(logger);
                throw;
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
        catch (Exception ex) when (ex is not OperationCanceledException and not DbUpdateException and not MailImportStoreException)
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

        // Our own mail coming back (a forward rule, a department address that lands in this mailbox, a bounce that
        // kept our sender) must not become a ticket, nor be answered by the product writing to itself.
        if ((await OwnAddressesAsync(db, settings, context, cancellationToken)).Contains(sender))
        {
            return await LogAsync(db, messageKey, mail, MailImportOutcome.AutoReply, null, null, "From one of our own addresses: filed, not answered.", cancellationToken);
        }

        // An answer to one of our automatic mails (a receipt, a refusal, a warning) may be a responder that ignored
        // Auto-Submitted: it may continue a ticket (which answers nothing) but never opens one or draws a refusal.
        var answersAutomatic = await AnswersOurAutomaticMailAsync(db, mail, cancellationToken);
        const string AnswersAutomatic = "Answers one of our automatic e-mails and continues no ticket: filed, not answered.";
        var customer = await CustomerAsync(db, sender, cancellationToken);
        if (customer is null)
        {
            if (settings.UnknownSenders != UnknownSenderPolicy.GuestTicket)
            {
                return answersAutomatic
                    ? await LogAsync(db, messageKey, mail, MailImportOutcome.AutoReply, null, null, AnswersAutomatic, cancellationToken)
                    : await RefuseAsync(db, messageKey, mail, sender, settings, context, cancellationToken);
            }

            var continues = await TicketDesk.FindGuestTicketAsync(db, mail.Subject, MailKeys.RepliedTo(mail), sender, cancellationToken) is not null;
            if (!continues && answersAutomatic)
            {
                return await LogAsync(db, messageKey, mail, MailImportOutcome.AutoReply, null, null, AnswersAutomatic, cancellationToken);
            }

            if (!continues && await OverTicketLimitAsync(db, sender, cancellationToken) is { } guestLimit)
            {
                return await LogAsync(db, messageKey, mail, MailImportOutcome.Refused, null, null, guestLimit, cancellationToken);
            }

            return await GuestAsync(db, messageKey, mail, sender, cancellationToken);
        }

        var text = MailText.BodyOf(mail, TicketMessage.MaxBodyLength - 2000);
        var (uploads, refused) = Attachments(mail.Attachments);
        var body = Body(text, refused).Body;

        var ticket = await FindTicketAsync(db, mail, customer.Value, cancellationToken);
        if (ticket is null or { State: TicketState.Closed } && logged is null)
        {
            if (answersAutomatic)
            {
                return await LogAsync(db, messageKey, mail, MailImportOutcome.AutoReply, null, null, AnswersAutomatic, cancellationToken);
            }

            if (await OverTicketLimitAsync(db, sender, cancellationToken) is { } limit)
            {
                return await LogAsync(db, messageKey, mail, MailImportOutcome.Refused, null, null, limit, cancellationToken);
            }
        }

        // A claim left by an earlier version of the import (which saved in three steps): if its use case already wrote
        // the message, complete the claim instead of importing the mail again. That version named refused files in
        // its own English words, so a message with such a note is matched by the sender's words before it.
        if (logged is not null)
        {
            var earlier = await db.TicketMessages().AsNoTracking()
                .Where(m => m.AuthorId == customer && m.MailMessageId == null && !m.IsStaff && m.CreatedAtUtc >= logged.ImportedAtUtc
                    && (m.Body == body || (refused.Count > 0 && m.Body.StartsWith(text.Trim() + "\n\n_Attachments not kept: "))))
                .OrderBy(m => m.CreatedAtUtc)
                .Select(m => new { m.Id, m.TicketId })
                .FirstOrDefaultAsync(cancellationToken);
            if (earlier is not null)
            {
                return await CompleteAsync(db, logged, earlier.TicketId, earlier.Id, mail, messageKey,
                    ticket?.Id == earlier.TicketId ? MailImportOutcome.Threaded : MailImportOutcome.Opened, refused, cancellationToken);
            }
        }

        return await ImportInOneTransactionAsync(db, logged, new CustomerMail(mail, messageKey, customer.Value, ticket?.Id, text, uploads, refused), cancellationToken);
    }

    /// <summary>The addresses the product sends from or receives at (lower-cased), read once per run.</summary>
    private async Task<HashSet<string>> OwnAddressesAsync(GameHostDbContext db, SupportMailSettings settings, MailImportContext context, CancellationToken cancellationToken)
    {
        if (_ownAddresses is not null)
        {
            return _ownAddresses;
        }

        var departments = await db.SupportDepartments().AsNoTracking().Where(d => d.Email != null).Select(d => d.Email!).ToListAsync(cancellationToken);
        _ownAddresses = departments.Append(settings.UserName).Append(settings.ReplyAddress).Concat(context.OwnAddresses)
            .Select(SenderAddress).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return _ownAddresses;
    }

    /// <summary>Whether the mail answers (In-Reply-To/References) an e-mail the product sent as automatic mail.</summary>
    private static async Task<bool> AnswersOurAutomaticMailAsync(GameHostDbContext db, InboundMail mail, CancellationToken cancellationToken)
    {
        var outboxIds = MailKeys.RepliedTo(mail).Select(MailKeys.OutboxIdOf).OfType<Guid>().ToList();
        return outboxIds.Count > 0 && await db.OutboundEmails.AsNoTracking().AnyAsync(e => outboxIds.Contains(e.Id) && e.IsAutomatic, cancellationToken);
    }

    /// <summary>Why a new ticket from this sender is refused (the hourly limit is reached), or null when it may open.</summary>
    private async Task<string?> OverTicketLimitAsync(GameHostDbContext db, string sender, CancellationToken cancellationToken)
    {
        var limit = supportOptions.Value.MaxNewMailTicketsPerSenderPerHour;
        if (limit <= 0)
        {
            return null;
        }

        var since = time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1);
        var opened = await db.SupportMailImports().AsNoTracking()
            .CountAsync(i => i.FromAddress == sender && i.Outcome == MailImportOutcome.Opened && i.ImportedAtUtc >= since, cancellationToken);
        return opened < limit ? null : $"Over the limit of {limit} new tickets an hour from this sender: filed, not answered.";
    }

    /// <summary>The account with this (lower-cased) address; found accounts are remembered for the run.</summary>
    private async Task<Guid?> CustomerAsync(GameHostDbContext db, string sender, CancellationToken cancellationToken)
    {
        if (_customers.TryGetValue(sender, out var known))
        {
            return known;
        }

        var normalized = sender.ToUpperInvariant();
        var found = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized)
            .Select(u => (Guid?)u.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (found is { } id)
        {
            _customers[sender] = id;
        }

        return found;
    }

    /// <param name="Text">The sender's words; <paramref name="Refused"/> holds our sentences about files not kept, written after them.</param>
    private sealed record CustomerMail(
        InboundMail Mail, string MessageKey, Guid CustomerId, Guid? TicketId, string Text, List<AttachmentUpload> Uploads, List<SupportTextPart> Refused);

    /// <summary>
    /// The message the helpdesk stores: the sender's words, then why files were not kept — in English in the body (for
    /// search) and as a code each reader's page renders in their language.
    /// </summary>
    private static (string Body, string? TextCode) Body(string text, IReadOnlyList<SupportTextPart> refused)
    {
        var (body, code) = SupportTexts.WithNotes(text, SupportTexts.Bounded(refused));
        return body.Length == 0 ? ("(no text)", null) : (body, code);
    }

    /// <summary>The mailbox log's line for files not kept: plain English for staff, null when all were kept.</summary>
    private static string? NotKeptDetail(IReadOnlyList<SupportTextPart> refused) =>
        refused.Count == 0 ? null : Bounded(SupportTexts.Plain(SupportTexts.Bounded(refused)));

    /// <summary>
    /// Writes the reply or the new ticket, marks its message as e-mail and records the Message-ID, all in one
    /// transaction: a run that stops anywhere before the commit leaves nothing (the mail stays in the inbox and is
    /// imported by the next run); after the commit, the log row makes a repeated delivery or run a duplicate.
    /// </summary>
    private async Task<(MailImportOutcome, bool)> ImportInOneTransactionAsync(
        GameHostDbContext db, SupportMailImport? legacyClaim, CustomerMail mail, CancellationToken cancellationToken)
    {
        await using var transaction = await MailImportTransaction.BeginAsync(dbFactory, db, cancellationToken);
        (MailImportOutcome Outcome, bool Duplicate) result;
        try
        {
            var desk = transaction.DeskFrom(services);
            var (outcome, ticketId, messageId, failure) = await WriteAsync(db, desk, mail, cancellationToken);
            var log = legacyClaim ?? NewLog(mail.MessageKey, mail.Mail, outcome, null, null, null);
            if (legacyClaim is null)
            {
                db.SupportMailImports().Add(log);
            }

            log.Outcome = outcome;
            log.TicketId = ticketId;
            log.TicketMessageId = messageId;
            log.Detail = failure is not null ? Bounded(failure) : NotKeptDetail(mail.Refused);
            if (messageId is { } written)
            {
                var message = await db.TicketMessages().FirstAsync(m => m.Id == written, cancellationToken);
                message.Source = MessageSource.Email;
                message.MailMessageId = mail.MessageKey;
                message.InReplyTo = mail.Mail.InReplyTo is { Length: <= 500 } inReplyTo ? inReplyTo : null;
            }

            result = await CommitAsync(db, transaction, mail.MessageKey, outcome, cancellationToken);
        }
        catch
        {
            await transaction.AbandonAsync(store);
            throw;
        }

        transaction.PublishCommitted(ticketSignals);
        return result;
    }

    /// <summary>Calls the helpdesk: a reply in the ticket the mail continues, else a new ticket (also for a closed one).</summary>
    private async Task<(MailImportOutcome Outcome, Guid? TicketId, Guid? MessageId, string? Failure)> WriteAsync(
        GameHostDbContext db, TicketDesk desk, CustomerMail mail, CancellationToken cancellationToken)
    {
        var (body, textCode) = Body(mail.Text, mail.Refused);
        if (mail.TicketId is { } ticketId)
        {
            var reply = await desk.CustomerReplyFromMailAsync(mail.CustomerId, ticketId, new ReplyRequest(body, mail.Uploads) { TextCode = textCode }, cancellationToken);
            if (!reply.IsSuccess && IsAttachmentProblem(reply.Error.Code) && mail.Uploads.Count > 0)
            {
                // The helpdesk refused the files the import let through (the ticket's total, say): the words are kept without them.
                mail.Refused.AddRange(desk.NotKept(reply.Error, mail.Uploads.Count));
                (body, textCode) = Body(mail.Text, mail.Refused);
                reply = await desk.CustomerReplyFromMailAsync(mail.CustomerId, ticketId, new ReplyRequest(body) { TextCode = textCode }, cancellationToken);
            }

            if (reply.IsSuccess)
            {
                return (MailImportOutcome.Threaded, ticketId, reply.Value, null);
            }

            if (reply.Error.Code is not (SupportErrors.Closed or SupportErrors.Merged))
            {
                return (MailImportOutcome.Failed, null, null, $"{reply.Error.Code}: {reply.Error.Message}");
            }

            // A reply to a closed ticket starts a new one (its subject says which it follows up).
        }

        var department = await DepartmentForAsync(db, mail.Mail.Recipients, cancellationToken);
        if (department is null)
        {
            return (MailImportOutcome.Failed, null, null, "No active support department to open the ticket in.");
        }

        var subject = MailSubjects.ForTicket(mail.Mail.Subject, Ticket.MaxSubjectLength);
        var opened = await desk.OpenFromMailAsync(mail.CustomerId,
            new OpenTicketRequest(department.Value, subject, body, Attachments: mail.Uploads) { TextCode = textCode }, cancellationToken);
        if (!opened.IsSuccess && IsAttachmentProblem(opened.Error.Code) && mail.Uploads.Count > 0)
        {
            mail.Refused.AddRange(desk.NotKept(opened.Error, mail.Uploads.Count));
            (body, textCode) = Body(mail.Text, mail.Refused);
            opened = await desk.OpenFromMailAsync(mail.CustomerId, new OpenTicketRequest(department.Value, subject, body) { TextCode = textCode }, cancellationToken);
        }

        if (!opened.IsSuccess && opened.Error.Code == SupportErrors.NoIncidentsLeft)
        {
            await TellIncidentsNeededAsync(db, mail, department.Value, subject, cancellationToken);
            return (MailImportOutcome.Refused, null, null, "No prepaid incidents left in the department: the customer was told how to buy a pack.");
        }

        if (!opened.IsSuccess)
        {
            return (MailImportOutcome.Failed, null, null, $"{opened.Error.Code}: {opened.Error.Message}");
        }

        var firstMessage = await db.TicketMessages().AsNoTracking()
            .Where(m => m.TicketId == opened.Value.TicketId)
            .OrderBy(m => m.CreatedAtUtc)
            .Select(m => m.Id)
            .FirstAsync(cancellationToken);
        return (MailImportOutcome.Opened, opened.Value.TicketId, firstMessage, null);
    }

    /// <summary>
    /// A customer wrote to a department that answers prepaid incidents and has none left: they are told, in their
    /// language, with where to buy a pack — once per message (keyed by its Message-ID, saved with the import's log row),
    /// as automatic mail so no responder answers it.
    /// </summary>
    private async Task TellIncidentsNeededAsync(GameHostDbContext db, CustomerMail mail, Guid departmentId, string subject, CancellationToken cancellationToken)
    {
        var department = await db.SupportDepartments().AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).FirstAsync(cancellationToken);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["subject"] = subject, ["department"] = department };
        var key = "incidents-needed:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(mail.MessageKey)));
        var notifier = services.GetRequiredService<Notifier>();
        await notifier.NotifyAsync(db, new NotifyRequest(NotificationCatalogue.Codes.IncidentsNeeded, mail.CustomerId, values, key, "/cabinet/support")
        {
            ReplyTo = await TicketMail.ReplyToAsync(db, departmentId, cancellationToken),
            Automatic = true,
        }, cancellationToken);
    }

    /// <summary>
    /// The one save and commit of a message. A unique-key conflict means another run imported the same mail meanwhile
    /// (its commit stands: this one is a duplicate); any other failure stops the run with the mail left in the inbox.
    /// </summary>
    private async Task<(MailImportOutcome, bool)> CommitAsync(
        GameHostDbContext db, MailImportTransaction transaction, string messageKey, MailImportOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (outcome, false);
        }
        catch (DbUpdateException ex)
        {
            await transaction.AbandonAsync(store);
            await using var check = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var other = await check.SupportMailImports().AsNoTracking()
                .Where(i => i.MessageKey == messageKey && i.Outcome != MailImportOutcome.Pending)
                .Select(i => (MailImportOutcome?)i.Outcome)
                .FirstOrDefaultAsync(CancellationToken.None);
            if (other is { } theirs)
            {
                return (theirs, true);
            }

            throw new MailImportStoreException($"Support mail {messageKey} could not be saved; it stays in the inbox.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not MailImportStoreException)
        {
            throw new MailImportStoreException($"Support mail {messageKey} could not be saved; it stays in the inbox.", ex);
        }
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

    /// <summary>The active department the mail was addressed to, else the first one; the departments are read once per run.</summary>
    private async Task<Guid?> DepartmentForAsync(GameHostDbContext db, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        _departments ??= (await db.SupportDepartments().AsNoTracking()
            .Where(d => d.IsActive)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new { d.Id, d.Email })
            .ToListAsync(cancellationToken))
            .Select(d => (d.Id, d.Email))
            .ToList();
        var addressed = _departments.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d.Email)
            && recipients.Any(r => string.Equals(r.Trim(), d.Email!.Trim(), StringComparison.OrdinalIgnoreCase)));
        return addressed.Email is not null ? addressed.Id : _departments.Count > 0 ? _departments[0].Id : null;
    }

    /// <summary>Attachments the helpdesk accepts (type by content, size, count); the others are named in the message, one sentence each.</summary>
    private (List<AttachmentUpload> Kept, List<SupportTextPart> Refused) Attachments(IReadOnlyList<InboundAttachment> attachments)
    {
        var limits = supportOptions.Value;
        var megabytes = limits.MaxFileBytes / 1024 / 1024;
        var kept = new List<AttachmentUpload>();
        var refused = new List<SupportTextPart>();
        foreach (var file in attachments)
        {
            var name = AttachmentStore.CleanFileName(file.FileName);
            if (file.Content.Length == 0)
            {
                refused.Add(SupportTexts.NotKept(SupportErrors.AttachmentEmpty, name, megabytes));
            }
            else if (file.Content.LongLength > limits.MaxFileBytes)
            {
                refused.Add(SupportTexts.NotKept(SupportErrors.AttachmentTooLarge, name, megabytes));
            }
            else if (FileSignatures.Detect(file.Content.AsSpan(0, Math.Min(file.Content.Length, 512))) is null)
            {
                refused.Add(SupportTexts.NotKept(SupportErrors.AttachmentType, name, megabytes));
            }
            else if (kept.Count >= limits.MaxFilesPerMessage)
            {
                refused.Add(SupportTexts.TooMany(name, limits.MaxFilesPerMessage));
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

    /// <summary>
    /// A stranger under the guest policy: the helpdesk opens or continues their guest ticket and the log records it, in
    /// one transaction like a customer's mail, so a run that stops before the commit leaves the mail in the inbox.
    /// </summary>
    private async Task<(MailImportOutcome, bool)> GuestAsync(GameHostDbContext db, string messageKey, InboundMail mail, string sender, CancellationToken cancellationToken)
    {
        var (uploads, refused) = Attachments(mail.Attachments);
        var text = MailText.BodyOf(mail, TicketMessage.MaxBodyLength - 2000);

        await using var transaction = await MailImportTransaction.BeginAsync(dbFactory, db, cancellationToken);
        (MailImportOutcome Outcome, bool Duplicate) result;
        try
        {
            var desk = transaction.DeskFrom(services);
            var guest = await desk.GuestMailAsync(
                new GuestMail(messageKey, sender, mail.FromName, mail.Subject, MailSubjects.ForTicket(mail.Subject, Ticket.MaxSubjectLength), text, uploads,
                    mail.Recipients, mail.InReplyTo, MailKeys.RepliedTo(mail)) { NotKept = SupportTexts.Bounded(refused) },
                cancellationToken);
            var pending = await db.SupportMailImports().FirstOrDefaultAsync(i => i.MessageKey == messageKey, cancellationToken);
            var log = pending ?? NewLog(messageKey, mail, MailImportOutcome.Failed, null, null, null);
            if (pending is null)
            {
                db.SupportMailImports().Add(log);
            }

            if (!guest.IsSuccess)
            {
                log.Outcome = MailImportOutcome.Failed;
                log.Detail = Bounded($"{guest.Error.Code}: {guest.Error.Message}");
            }
            else
            {
                log.Outcome = guest.Value.Opened ? MailImportOutcome.Opened : MailImportOutcome.Threaded;
                log.TicketId = guest.Value.TicketId;
                log.TicketMessageId = guest.Value.MessageId;
                log.Detail = Bounded(guest.Value.AttachmentsNotKept);
            }

            result = await CommitAsync(db, transaction, messageKey, log.Outcome, cancellationToken);
        }
        catch
        {
            await transaction.AbandonAsync(store);
            throw;
        }

        transaction.PublishCommitted(ticketSignals);
        return result;
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
        IReadOnlyList<SupportTextPart> refused, CancellationToken cancellationToken)
    {
        var message = await db.TicketMessages().FirstAsync(m => m.Id == messageId, cancellationToken);
        message.Source = MessageSource.Email;
        message.MailMessageId = messageKey;
        message.InReplyTo = mail.InReplyTo is { Length: <= 500 } inReplyTo ? inReplyTo : null;
        log.Outcome = outcome;
        log.TicketId = ticketId;
        log.TicketMessageId = messageId;
        log.Detail = NotKeptDetail(refused);
        await db.SaveChangesAsync(cancellationToken);
        return (outcome, false);
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

/// <summary>The database refused the save or commit of an imported message: the run stops and the mail stays in the inbox.</summary>
public sealed class MailImportStoreException : Exception
{
    public MailImportStoreException()
    {
    }

    public MailImportStoreException(string message)
        : base(message)
    {
    }

    public MailImportStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
