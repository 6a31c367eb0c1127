using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Support.UseCases;

public sealed record OpenTicketRequest(
    Guid DepartmentId,
    string Subject,
    string Body,
    TicketPriority Priority = TicketPriority.Normal,
    Guid? ServiceId = null,
    IReadOnlyList<AttachmentUpload>? Attachments = null)
{
    /// <summary>
    /// The form's request id, generated when the form is shown (<see cref="TicketMessage.RequestId"/>): required from
    /// the cabinet and the console; the same id again returns the ticket it opened instead of opening another.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// The code of the product's sentences in <see cref="Body"/> (<see cref="SupportTexts.WithNotes"/>), stored on the
    /// first message so each reader reads them in their language; only the mail import writes them.
    /// </summary>
    internal string? TextCode { get; init; }
}

/// <summary>A staff reply may leave the ticket waiting for the customer (the default), in progress, on hold or closed.</summary>
public sealed record ReplyRequest(string Body, IReadOnlyList<AttachmentUpload>? Attachments = null, TicketState? NewState = null)
{
    /// <summary>The form's request id, required: the same id again returns the message it wrote instead of writing another.</summary>
    public string? RequestId { get; init; }

    /// <summary>The code of the product's sentences in <see cref="Body"/>, as on <see cref="OpenTicketRequest.TextCode"/>; only the mail import writes them.</summary>
    internal string? TextCode { get; init; }
}

public sealed record TicketOpened(Guid TicketId, string Reference);

/// <summary>
/// The conversation's use cases: opening a ticket (by the customer or by staff on their behalf) and writing in it
/// (customer replies, staff replies, internal notes). Each runs in one save together with its notifications and
/// audit entry; attachments are written first and removed again if the save fails; open pages hear of the change
/// after the save commits. Every form call carries the form's request id (unique on the message it writes): a repeat —
/// a double click, the same form in a second tab, a resend after a lost connection — returns what the first wrote,
/// and a racing repeat that loses the unique index removes its files and does the same. Mail import is keyed by the
/// mail's Message-ID instead (<see cref="OpenFromMailAsync"/>, <see cref="CustomerReplyFromMailAsync"/>).
/// </summary>
public sealed class TicketDesk(
    IDbContextFactory<GameHostDbContext> dbFactory,
    TimeProvider time,
    Notifier notifier,
    AuditLog audit,
    TicketSignals signals,
    AttachmentStore store,
    ISupportServices services,
    IOptions<SupportOptions> options)
{
    internal static readonly string[] StaffRoles = [Roles.Admin, Roles.Support];

    public async Task<Result<TicketOpened>> OpenAsync(Guid customerId, OpenTicketRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = CheckRequestId(request.RequestId);
        return requestId.IsSuccess ? await OpenCoreAsync(customerId, null, request, requestId.Value, cancellationToken) : requestId.Error;
    }

    /// <summary>A customer's e-mail opens a ticket: no form, so no request id; the import is keyed by the mail's Message-ID.</summary>
    internal async Task<Result<TicketOpened>> OpenFromMailAsync(Guid customerId, OpenTicketRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await OpenCoreAsync(customerId, null, request, null, cancellationToken);
    }

    /// <summary>Staff open a ticket for a customer (after a phone call, say); the first message is the staff member's.</summary>
    public async Task<Result<TicketOpened>> OpenForCustomerAsync(Guid staffId, Guid customerId, OpenTicketRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = CheckRequestId(request.RequestId);
        if (!requestId.IsSuccess)
        {
            return requestId.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may open a ticket for a customer.");
        }

        return await OpenCoreAsync(customerId, actor, request, requestId.Value, cancellationToken);
    }

    private async Task<Result<TicketOpened>> OpenCoreAsync(Guid customerId, AuditActor? staff, OpenTicketRequest request, string? requestId, CancellationToken cancellationToken)
    {
        var subject = (request.Subject ?? "").Trim();
        var body = (request.Body ?? "").Trim();
        var problems = new List<Error>();
        if (request.DepartmentId == Guid.Empty)
        {
            // No department chosen at all is said with the other empty fields, not after them; an unknown or closed
            // one is found below, against the database.
            problems.Add(Error.Validation("DepartmentId", SupportErrors.DepartmentUnknown, "Choose a department."));
        }

        if (subject.Length == 0)
        {
            problems.Add(Error.Validation("Subject", SupportErrors.SubjectRequired, "Write a subject."));
        }
        else if (subject.Length > Ticket.MaxSubjectLength)
        {
            problems.Add(Error.Validation("Subject", SupportErrors.SubjectTooLong, $"The subject may be at most {Ticket.MaxSubjectLength} characters."));
        }

        if (BodyProblem(body) is { } bodyProblem)
        {
            problems.Add(bodyProblem);
        }

        if (!Enum.IsDefined(request.Priority))
        {
            problems.Add(Error.Validation("Priority", SupportErrors.NotFound, "Choose a priority."));
        }

        if (problems.Count > 0)
        {
            return problems[0] with { Related = problems };
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var authorId = staff?.UserId ?? customerId;
        if (requestId is not null && await OpenedEarlierAsync(db, requestId, customerId, authorId, cancellationToken) is { } earlier)
        {
            // The form was sent before (a double click, a second tab, a resend): the ticket it opened, nothing new.
            return earlier;
        }

        var customer = await db.Users.AsNoTracking().Where(u => u.Id == customerId)
            .Select(u => new { u.Id, u.FullName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            return SupportErrors.Of(SupportErrors.CustomerUnknown, "The customer does not exist.", "CustomerId");
        }

        var department = await db.SupportDepartments().AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DepartmentId && d.IsActive, cancellationToken);
        if (department is null)
        {
            return SupportErrors.Of(SupportErrors.DepartmentUnknown, "Choose a department.", "DepartmentId");
        }

        string? serviceLabel = null;
        if (request.ServiceId is { } serviceId)
        {
            serviceLabel = await services.LabelIfOwnedAsync(customerId, serviceId, cancellationToken);
            if (serviceLabel is null)
            {
                return SupportErrors.Of(SupportErrors.ServiceNotYours, "That service is not one of the customer's.", "ServiceId");
            }
        }

        var files = Check(request.Attachments, 0);
        if (!files.IsSuccess)
        {
            return files.Error;
        }

        SupportIncidentBalance? incidents = null;
        if (department.PaidMode == PaidSupportMode.IncidentPack && staff is null)
        {
            incidents = await db.SupportIncidentBalances().FirstOrDefaultAsync(b => b.CustomerId == customerId && b.DepartmentId == department.Id, cancellationToken);
            if (incidents is not { Remaining: > 0 })
            {
                return SupportErrors.Of(SupportErrors.NoIncidentsLeft, "This department answers prepaid incidents: buy a pack first.", "DepartmentId");
            }

            incidents.Remaining--;
            incidents.Version++;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var ticket = new Ticket
        {
            Id = Guid.NewGuid(),
            Reference = await NewReferenceAsync(db, cancellationToken),
            CustomerId = customerId,
            DepartmentId = department.Id,
            Subject = subject,
            State = TicketState.New,
            Priority = request.Priority,
            ServiceId = request.ServiceId,
            ServiceLabel = serviceLabel,
            LastPublicByStaff = staff is not null,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        if (department.PaidMode == PaidSupportMode.PerTicket && department.PriceMinor > 0)
        {
            ticket.PriceMinor = department.PriceMinor;
            ticket.PriceCurrency = department.PriceCurrency;
        }

        await SlaTargets.ApplyAsync(db, ticket, department, now, cancellationToken);
        var message = NewMessage(ticket, authorId, staff?.Name ?? DisplayName(customer.FullName, customer.Email), staff is not null, MessageKind.Reply,
            staff is null ? MessageSource.Web : MessageSource.Staff, body, now);
        message.RequestId = requestId;
        message.TextCode = request.TextCode;
        if (staff is not null)
        {
            ticket.FirstResponseAtUtc = now;
            ticket.State = TicketState.WaitingForCustomer;
            ticket.WaitingSinceUtc = now;
            ticket.ResolutionPausedAtUtc = now;
        }

        ticket.SearchText = SearchTextOf(subject, body);
        db.Tickets().Add(ticket);
        db.TicketMessages().Add(message);

        var written = new List<string>();
        try
        {
            await AddAttachmentsAsync(db, ticket, message, files.Value!, written, now, cancellationToken);
            var values = TicketValues(ticket);
            var replyTo = await TicketMail.ReplyToAsync(db, department.Id, cancellationToken);
            if (staff is null)
            {
                // The receipt is written by the product, not a person: marked automatic so no responder answers it.
                await notifier.NotifyAsync(db, new NotifyRequest(NotificationCatalogue.Codes.TicketOpened, customerId, values, $"ticket-opened:{ticket.Id:N}", CustomerLink(ticket.Id))
                {
                    ReplyTo = replyTo,
                    Automatic = true,
                }, cancellationToken);
                values["customer"] = customer.Email;
                await SupportStaffNotices.NotifyDepartmentAsync(db, notifier, ticket.DepartmentId, NotificationCatalogue.Codes.TicketOpenedStaff, values, $"ticket-opened-staff:{ticket.Id:N}", StaffLink(ticket.Id), cancellationToken);
            }
            else
            {
                // Staff opened it on the customer's behalf: the first message is theirs, so the customer gets it as a
                // reply (whole text, files, the reference), and answering the e-mail continues the ticket.
                await notifier.NotifyAsync(db, StaffReplyNotice(ticket, customerId, message, db, replyTo), cancellationToken);
                audit.Record(db, staff, "support.ticket_opened_for_customer", "Ticket", ticket.Reference, null, new { ticket.Subject, ticket.DepartmentId, CustomerId = customerId });
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            foreach (var name in written)
            {
                store.Delete(name);
            }

            // The same form sent at the same moment on another connection saved first: its ticket is the answer.
            if (requestId is not null && ex is DbUpdateException && await OpenedAfterRaceAsync(requestId, customerId, authorId) is { } first)
            {
                return first;
            }

            throw;
        }

        signals.Publish(ticket.Id);
        return new TicketOpened(ticket.Id, ticket.Reference);
    }

    /// <summary>The ticket an earlier sending of this form opened; an error when the id is someone else's; null when it is new.</summary>
    private static async Task<Result<TicketOpened>?> OpenedEarlierAsync(GameHostDbContext db, string requestId, Guid customerId, Guid authorId, CancellationToken cancellationToken)
    {
        var earlier = await db.TicketMessages().AsNoTracking().Where(m => m.RequestId == requestId)
            .Select(m => new { m.AuthorId, m.TicketId }).FirstOrDefaultAsync(cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        // A merged ticket's messages moved to the ticket it was merged into: that is where the conversation goes on.
        var ticket = await db.Tickets().AsNoTracking().Where(t => t.Id == earlier.TicketId)
            .Select(t => new { t.Id, t.Reference, t.CustomerId }).FirstAsync(cancellationToken);
        return earlier.AuthorId == authorId && ticket.CustomerId == customerId
            ? new TicketOpened(ticket.Id, ticket.Reference)
            : RequestIdTaken();
    }

    private async Task<Result<TicketOpened>?> OpenedAfterRaceAsync(string requestId, Guid customerId, Guid authorId)
    {
        // Not the caller's token: the repeat's answer is read even when the first sending's page was left meanwhile.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        return await OpenedEarlierAsync(db, requestId, customerId, authorId, CancellationToken.None);
    }

    /// <summary>The customer writes in their own ticket. A closed ticket must be reopened first.</summary>
    public async Task<Result<Guid>> CustomerReplyAsync(Guid customerId, Guid ticketId, ReplyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = CheckRequestId(request.RequestId);
        return requestId.IsSuccess ? await CustomerReplyCoreAsync(customerId, ticketId, request, requestId.Value, cancellationToken) : requestId.Error;
    }

    /// <summary>A customer's e-mail continues their ticket: no form, so no request id; the import is keyed by the mail's Message-ID.</summary>
    internal async Task<Result<Guid>> CustomerReplyFromMailAsync(Guid customerId, Guid ticketId, ReplyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await CustomerReplyCoreAsync(customerId, ticketId, request, null, cancellationToken);
    }

    private async Task<Result<Guid>> CustomerReplyCoreAsync(Guid customerId, Guid ticketId, ReplyRequest request, string? requestId, CancellationToken cancellationToken)
    {
        var body = (request.Body ?? "").Trim();
        if (BodyProblem(body) is { } problem)
        {
            return problem;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (requestId is not null && await WrittenEarlierAsync(db, requestId, ticketId, customerId, MessageKind.Reply, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerId == customerId, cancellationToken);
        if (ticket is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (ticket.State == TicketState.Closed)
        {
            return SupportErrors.Of(ticket.MergedIntoTicketId is null ? SupportErrors.Closed : SupportErrors.Merged, "The ticket is closed: reopen it to write again.");
        }

        var files = Check(request.Attachments, await UsedBytesAsync(db, ticket.Id, cancellationToken));
        if (!files.IsSuccess)
        {
            return files.Error;
        }

        var customer = await db.Users.AsNoTracking().Where(u => u.Id == customerId).Select(u => new { u.FullName, u.Email }).FirstAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var message = NewMessage(ticket, customerId, DisplayName(customer.FullName, customer.Email), false, MessageKind.Reply, MessageSource.Web, body, now);
        message.RequestId = requestId;
        message.TextCode = request.TextCode;
        db.TicketMessages().Add(message);
        if (ticket.State != TicketState.New)
        {
            ticket.State = TicketState.InProgress;
        }

        ticket.LastPublicByStaff = false;
        ticket.WaitingSinceUtc = null;
        ticket.AutoCloseWarnedAtUtc = null;
        await SlaClock.FollowStateAsync(db, ticket, now, cancellationToken);
        Touch(ticket, body, now);
        var written = new List<string>();
        return await SaveWithFilesAsync(db, ticket, message, files.Value!, written, now, customerId, async () =>
        {
            var values = TicketValues(ticket);
            values["customer"] = customer.Email;
            if (ticket.AssigneeId is { } assignee)
            {
                await notifier.NotifyAsync(db, new NotifyRequest(NotificationCatalogue.Codes.TicketOpenedStaff, assignee, values, $"ticket-customer-reply:{message.Id:N}", StaffLink(ticket.Id)), cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Staff answer the customer: the reply is mailed to them (the catalogue's ticket-reply event, the reference in the
    /// subject, so answering the e-mail continues the ticket) and the first reply stops the first-response clock.
    /// </summary>
    public async Task<Result<Guid>> StaffReplyAsync(Guid staffId, Guid ticketId, ReplyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await StaffWriteAsync(staffId, ticketId, request, MessageKind.Reply, cancellationToken);
    }

    /// <summary>An internal note: staff see it, the customer never does, nothing is mailed and the state stays.</summary>
    public async Task<Result<Guid>> AddNoteAsync(Guid staffId, Guid ticketId, ReplyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await StaffWriteAsync(staffId, ticketId, request with { NewState = null }, MessageKind.Note, cancellationToken);
    }

    private async Task<Result<Guid>> StaffWriteAsync(Guid staffId, Guid ticketId, ReplyRequest request, MessageKind kind, CancellationToken cancellationToken)
    {
        var requestId = CheckRequestId(request.RequestId);
        if (!requestId.IsSuccess)
        {
            return requestId.Error;
        }

        var body = (request.Body ?? "").Trim();
        if (BodyProblem(body) is { } problem)
        {
            return problem;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may answer tickets.");
        }

        if (await WrittenEarlierAsync(db, requestId.Value, ticketId, staffId, kind, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (ticket.MergedIntoTicketId is not null)
        {
            return SupportErrors.Of(SupportErrors.Merged, "The ticket was merged into another one.");
        }

        var files = Check(request.Attachments, await UsedBytesAsync(db, ticket.Id, cancellationToken));
        if (!files.IsSuccess)
        {
            return files.Error;
        }

        var staffName = await db.Users.AsNoTracking().Where(u => u.Id == staffId).Select(u => u.FullName).FirstAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var message = NewMessage(ticket, staffId, string.IsNullOrWhiteSpace(staffName) ? actor.Name : staffName, true, kind, MessageSource.Staff, body, now);
        message.RequestId = requestId.Value;
        db.TicketMessages().Add(message);
        if (kind == MessageKind.Reply)
        {
            var state = request.NewState ?? TicketState.WaitingForCustomer;
            ticket.FirstResponseAtUtc ??= now;
            ticket.AssigneeId ??= staffId;
            ticket.LastPublicByStaff = true;
            SetState(ticket, state == TicketState.New ? TicketState.InProgress : state, now);
            await SlaClock.FollowStateAsync(db, ticket, now, cancellationToken);
            Touch(ticket, body, now);
        }
        else
        {
            ticket.SearchText = AppendSearch(ticket.SearchText, body);
            ticket.Version++;
        }

        var written = new List<string>();
        return await SaveWithFilesAsync(db, ticket, message, files.Value!, written, now, staffId, async () =>
        {
            if (kind != MessageKind.Reply)
            {
                return;
            }

            var replyTo = await TicketMail.ReplyToAsync(db, ticket.DepartmentId, cancellationToken);
            if (ticket.CustomerId is { } customerId)
            {
                await notifier.NotifyAsync(db, StaffReplyNotice(ticket, customerId, message, db, replyTo), cancellationToken);
            }
            else
            {
                // A guest has no account to notify: the reply itself is e-mailed, with the reference in the subject.
                MailGuest(db, time, ticket, message.AuthorName, body, $"ticket-reply:{message.Id:N}", replyTo, automatic: false, TicketMail.Attachments(FilesOf(db, message)));
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Writes the message's files, then saves; on a failure removes the files again. A failure that is the same form
    /// saved first on another connection (its request id taken meanwhile) answers with that first message.
    /// </summary>
    private async Task<Result<Guid>> SaveWithFilesAsync(
        GameHostDbContext db, Ticket ticket, TicketMessage message, IReadOnlyList<CheckedFile> files, List<string> written, DateTime now,
        Guid authorId, Func<Task> beforeSave, CancellationToken cancellationToken)
    {
        try
        {
            await AddAttachmentsAsync(db, ticket, message, files, written, now, cancellationToken);
            await beforeSave();
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            foreach (var name in written)
            {
                store.Delete(name);
            }

            if (message.RequestId is { } requestId && ex is DbUpdateException)
            {
                await using var check = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                if (await WrittenEarlierAsync(check, requestId, ticket.Id, authorId, message.Kind, CancellationToken.None) is { } first)
                {
                    return first;
                }
            }

            throw;
        }

        signals.Publish(ticket.Id);
        return message.Id;
    }

    /// <summary>
    /// The message an earlier sending of this form wrote in this ticket (or in the ticket it was merged into); an error
    /// when the id was used by someone else, elsewhere or for the other kind (a note sent again as a reply must not pass
    /// for a reply the customer never saw); null when it is new.
    /// </summary>
    private static async Task<Result<Guid>?> WrittenEarlierAsync(
        GameHostDbContext db, string requestId, Guid ticketId, Guid authorId, MessageKind kind, CancellationToken cancellationToken)
    {
        var earlier = await db.TicketMessages().AsNoTracking().Where(m => m.RequestId == requestId)
            .Select(m => new { m.Id, m.AuthorId, m.TicketId, m.Kind }).FirstOrDefaultAsync(cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        var sameTicket = earlier.TicketId == ticketId
            || await db.Tickets().AsNoTracking().AnyAsync(t => t.Id == ticketId && t.MergedIntoTicketId == earlier.TicketId, cancellationToken);
        return earlier.AuthorId == authorId && earlier.Kind == kind && sameTicket ? earlier.Id : RequestIdTaken();
    }

    /// <summary>The form's request id, trimmed: present, at most <see cref="TicketMessage.MaxRequestIdLength"/> characters, letters, digits, '-' and '_' only.</summary>
    internal static Result<string> CheckRequestId(string? requestId)
    {
        var id = (requestId ?? "").Trim();
        if (id.Length == 0)
        {
            return Error.Validation("RequestId", SupportErrors.RequestIdMissing, "The form was sent without its id; reload the page and send it again.");
        }

        return id.Length <= TicketMessage.MaxRequestIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? id
            : Error.Validation("RequestId", SupportErrors.RequestIdInvalid, "The form expired; reload the page.");
    }

    private static Error RequestIdTaken() => SupportErrors.Of(SupportErrors.RequestIdInvalid, "The form expired; reload the page.", "RequestId");

    private async Task AddAttachmentsAsync(
        GameHostDbContext db, Ticket ticket, TicketMessage message, IReadOnlyList<CheckedFile> files, List<string> written, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            var stored = await store.WriteAsync(file.Upload.Content, file.ContentType, cancellationToken);
            written.Add(stored);
            db.TicketAttachments().Add(new TicketAttachment
            {
                Id = Guid.NewGuid(),
                TicketId = ticket.Id,
                MessageId = message.Id,
                FileName = AttachmentStore.CleanFileName(file.Upload.FileName),
                ContentType = file.ContentType,
                SizeBytes = file.Upload.Content.LongLength,
                StoredName = stored,
                CreatedAtUtc = now,
            });
        }
    }

    internal sealed record CheckedFile(AttachmentUpload Upload, string ContentType);

    /// <summary>Checks the per-file and per-ticket limits and each file's type by its content.</summary>
    internal Result<IReadOnlyList<CheckedFile>> Check(IReadOnlyList<AttachmentUpload>? uploads, long alreadyUsed)
    {
        var limits = options.Value;
        var list = new List<CheckedFile>();
        if (uploads is null || uploads.Count == 0)
        {
            return list;
        }

        if (uploads.Count > limits.MaxFilesPerMessage)
        {
            return SupportErrors.Of(SupportErrors.AttachmentsTooLarge, $"Attach at most {limits.MaxFilesPerMessage} files to one message.", "Attachments");
        }

        var total = alreadyUsed;
        foreach (var upload in uploads)
        {
            var name = AttachmentStore.CleanFileName(upload.FileName);
            if (upload.Content is not { Length: > 0 })
            {
                return SupportErrors.Of(SupportErrors.AttachmentEmpty, $"{name} is empty.", "Attachments") with { Details = [name] };
            }

            if (upload.Content.LongLength > limits.MaxFileBytes)
            {
                return SupportErrors.Of(SupportErrors.AttachmentTooLarge, $"{name} is larger than the {limits.MaxFileBytes / 1024 / 1024} MB a file may be.", "Attachments") with { Details = [name] };
            }

            var type = FileSignatures.Detect(upload.Content.AsSpan(0, Math.Min(upload.Content.Length, 4096)));
            if (type is null)
            {
                return SupportErrors.Of(SupportErrors.AttachmentType, $"{name} is not an image, PDF, ZIP or text file.", "Attachments") with { Details = [name] };
            }

            total += upload.Content.LongLength;
            list.Add(new CheckedFile(upload, type));
        }

        if (total > limits.MaxTicketBytes)
        {
            return SupportErrors.Of(SupportErrors.AttachmentsTooLarge, $"A ticket's files may add up to at most {limits.MaxTicketBytes / 1024 / 1024} MB.", "Attachments");
        }

        return list;
    }

    private static async Task<long> UsedBytesAsync(GameHostDbContext db, Guid ticketId, CancellationToken cancellationToken) =>
        await db.TicketAttachments().Where(a => a.TicketId == ticketId).SumAsync(a => (long?)a.SizeBytes, cancellationToken) ?? 0;

    internal static Error? BodyProblem(string body)
    {
        if (body.Length == 0)
        {
            return Error.Validation("Body", SupportErrors.BodyRequired, "Write a message.");
        }

        return body.Length > TicketMessage.MaxBodyLength
            ? Error.Validation("Body", SupportErrors.BodyTooLong, $"A message may be at most {TicketMessage.MaxBodyLength} characters.")
            : null;
    }

    internal static void SetState(Ticket ticket, TicketState state, DateTime now)
    {
        ticket.State = state;
        ticket.WaitingSinceUtc = state == TicketState.WaitingForCustomer ? now : null;
        ticket.AutoCloseWarnedAtUtc = null;
        ticket.ClosedAtUtc = state == TicketState.Closed ? now : null;
    }

    private static void Touch(Ticket ticket, string body, DateTime now)
    {
        ticket.UpdatedAtUtc = now;
        ticket.SearchText = AppendSearch(ticket.SearchText, body);
        ticket.Version++;
    }

    internal static TicketMessage NewMessage(Ticket ticket, Guid? authorId, string authorName, bool isStaff, MessageKind kind, MessageSource source, string body, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        TicketId = ticket.Id,
        AuthorId = authorId,
        AuthorName = authorName.Length <= 256 ? authorName : authorName[..256],
        IsStaff = isStaff,
        Kind = kind,
        Source = source,
        Body = body,
        CreatedAtUtc = now,
    };

    /// <summary>Search text is kept lower-case so a plain, index-free LIKE finds words in any case.</summary>
    internal static string SearchTextOf(string subject, string body) => (subject + "\n" + body).ToLowerInvariant();

    internal static string AppendSearch(string searchText, string body) => searchText + "\n" + body.ToLowerInvariant();

    internal static Dictionary<string, string?> TicketValues(Ticket ticket) => new(StringComparer.Ordinal)
    {
        ["ticket_number"] = TicketReferences.Tag(ticket.Reference),
        ["subject"] = ticket.Subject,
    };

    /// <summary>The values of a ticket-reply notice: the excerpt for in-app, Telegram and SMS, the whole message for e-mail.</summary>
    internal static Dictionary<string, string?> ReplyValues(Ticket ticket, string author, string body)
    {
        var values = TicketValues(ticket);
        values["author"] = author;
        values["excerpt"] = Excerpt(body);
        values["message"] = body;
        return values;
    }

    /// <summary>A staff reply told to the customer: the e-mail answers to support and carries the reply's files.</summary>
    private static NotifyRequest StaffReplyNotice(Ticket ticket, Guid customerId, TicketMessage message, GameHostDbContext db, string? replyTo) =>
        new(NotificationCatalogue.Codes.TicketReply, customerId, ReplyValues(ticket, message.AuthorName, message.Body), $"ticket-reply:{message.Id:N}", CustomerLink(ticket.Id))
        {
            ReplyTo = replyTo,
            EmailAttachments = TicketMail.Attachments(FilesOf(db, message)),
        };

    /// <summary>The files added with the message in this unit of work (not saved yet).</summary>
    private static IEnumerable<TicketAttachment> FilesOf(GameHostDbContext db, TicketMessage message) =>
        db.TicketAttachments().Local.Where(a => a.MessageId == message.Id).OrderBy(a => a.FileName, StringComparer.Ordinal);

    internal static string CustomerLink(Guid ticketId) => $"/cabinet/support/{ticketId}";

    internal static string StaffLink(Guid ticketId) => $"/admin/support/{ticketId}";

    internal static string DisplayName(string? fullName, string? email) => string.IsNullOrWhiteSpace(fullName) ? email ?? "" : fullName;

    internal static string Excerpt(string body) => body.Length <= 300 ? body : body[..299] + "…";

    private static async Task<string> NewReferenceAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var reference = TicketReferences.New(attempt < 5 ? 5 : 7);
            if (!await db.Tickets().AnyAsync(t => t.Reference == reference, cancellationToken))
            {
                return reference;
            }
        }
    }

    /// <summary>
    /// Guest tickets: mail from a stranger opens a ticket that belongs to no account (its sender's address kept on
    /// the ticket), or continues the sender's own guest ticket when it carries the reference or answers one of its
    /// e-mails. Ticket, message and files are written in one save with the mail's key on the message (unique), so the
    /// same mail imported again finds what it wrote and changes nothing. Guests only reach free departments.
    /// </summary>
    public async Task<Result<GuestMailResult>> GuestMailAsync(GuestMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var from = (mail.FromAddress ?? "").Trim().ToLowerInvariant();
        if (from.Length is 0 or > Ticket.MaxGuestEmailLength)
        {
            return SupportErrors.Of(SupportErrors.CustomerUnknown, "The sender has no usable address.");
        }

        var text = (mail.Body ?? "").Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var earlier = await db.TicketMessages().AsNoTracking().Where(m => m.MailMessageId == mail.MessageKey)
            .Select(m => new { m.Id, m.TicketId }).FirstOrDefaultAsync(cancellationToken);
        if (earlier is not null)
        {
            var first = await db.TicketMessages().AsNoTracking().Where(m => m.TicketId == earlier.TicketId)
                .OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id).Select(m => m.Id).FirstAsync(cancellationToken);
            return new GuestMailResult(earlier.TicketId, earlier.Id, first == earlier.Id, null);
        }

        var ticket = await FindGuestTicketAsync(db, mail.RawSubject, mail.RepliedTo, from, cancellationToken);
        var used = ticket is null ? 0 : await UsedBytesAsync(db, ticket.Id, cancellationToken);
        var files = Check(mail.Attachments, used);
        var notes = new List<SupportTextPart>(mail.NotKept ?? []);
        if (!files.IsSuccess)
        {
            notes.AddRange(NotKept(files.Error, mail.Attachments.Count));
            files = new List<CheckedFile>();
        }

        // The sender's words as they are, then our sentences in each reader's language (SupportTexts); the body keeps
        // them in English for search. Long words are cut so the sentences still fit.
        var room = TicketMessage.MaxBodyLength - (notes.Count == 0 ? 0 : SupportTexts.WithNotes("", notes).Body.Length + 2);
        if (text.Length > room)
        {
            text = text[..(room - 1)] + "…";
        }

        var (body, textCode) = SupportTexts.WithNotes(text, notes);
        if (body.Length == 0)
        {
            body = "(no text)";
        }

        var now = time.GetUtcNow().UtcDateTime;
        var name = string.IsNullOrWhiteSpace(mail.FromName) ? from : mail.FromName.Trim();
        if (name.Length > Ticket.MaxGuestNameLength)
        {
            name = name[..Ticket.MaxGuestNameLength];
        }

        var opened = ticket is null;
        if (ticket is null)
        {
            var department = await GuestDepartmentAsync(db, mail.Recipients, cancellationToken);
            if (department is null)
            {
                return SupportErrors.Of(SupportErrors.DepartmentUnknown, "No free, active department takes guest tickets.");
            }

            var subject = string.IsNullOrWhiteSpace(mail.Subject) ? "(no subject)" : mail.Subject.Trim();
            ticket = new Ticket
            {
                Id = Guid.NewGuid(),
                Reference = await NewReferenceAsync(db, cancellationToken),
                CustomerId = null,
                GuestEmail = from,
                GuestName = name == from ? null : name,
                DepartmentId = department.Id,
                Subject = subject.Length <= Ticket.MaxSubjectLength ? subject : subject[..Ticket.MaxSubjectLength],
                State = TicketState.New,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            };
            await SlaTargets.ApplyAsync(db, ticket, department, now, cancellationToken);
            ticket.SearchText = SearchTextOf(ticket.Subject, body) + "\n" + from;
            db.Tickets().Add(ticket);
        }
        else
        {
            if (ticket.State != TicketState.New)
            {
                ticket.State = TicketState.InProgress;
            }

            ticket.LastPublicByStaff = false;
            ticket.WaitingSinceUtc = null;
            ticket.AutoCloseWarnedAtUtc = null;
            await SlaClock.FollowStateAsync(db, ticket, now, cancellationToken);
            Touch(ticket, body, now);
        }

        var message = NewMessage(ticket, null, name, false, MessageKind.Reply, MessageSource.Email, body, now);
        message.MailMessageId = mail.MessageKey;
        message.TextCode = textCode;
        message.InReplyTo = mail.InReplyTo is { Length: <= 500 } inReplyTo ? inReplyTo : null;
        db.TicketMessages().Add(message);
        var written = new List<string>();
        try
        {
            await AddAttachmentsAsync(db, ticket, message, files.Value!, written, now, cancellationToken);
            var values = TicketValues(ticket);
            values["customer"] = from;
            if (opened)
            {
                await SupportStaffNotices.NotifyDepartmentAsync(db, notifier, ticket.DepartmentId, NotificationCatalogue.Codes.TicketOpenedStaff, values, $"ticket-opened-staff:{ticket.Id:N}", StaffLink(ticket.Id), cancellationToken);
            }
            else if (ticket.AssigneeId is { } assignee)
            {
                await notifier.NotifyAsync(db, new NotifyRequest(NotificationCatalogue.Codes.TicketOpenedStaff, assignee, values, $"ticket-customer-reply:{message.Id:N}", StaffLink(ticket.Id)), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            foreach (var stored in written)
            {
                store.Delete(stored);
            }

            throw;
        }

        signals.Publish(ticket.Id);
        return new GuestMailResult(ticket.Id, message.Id, opened, notes.Count == 0 ? null : SupportTexts.Plain(notes));
    }

    /// <summary>
    /// Why the helpdesk refused a mail's files, as the sentences a message carries: the reason, and when there was more
    /// than one file, that none of them was kept (the reason names one, but the whole set is left out).
    /// </summary>
    internal List<SupportTextPart> NotKept(Error refusal, int files)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var reason = SupportTexts.NotKept(refusal.Code, refusal.Details.Count > 0 ? refusal.Details[0] : null, options.Value.MaxFileBytes / 1024 / 1024);
        return files > 1 ? [reason, SupportTexts.NoneKept] : [reason];
    }

    /// <summary>The sender's own open guest ticket this mail continues, by the reference in the subject or the ids it answers.</summary>
    internal static async Task<Ticket?> FindGuestTicketAsync(GameHostDbContext db, string? rawSubject, IReadOnlyList<string> repliedTo, string from, CancellationToken cancellationToken)
    {
        Ticket? ticket = null;
        if (TicketReferences.FindInSubject(rawSubject) is { } reference)
        {
            ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Reference == reference && t.CustomerId == null && t.GuestEmail == from, cancellationToken);
        }

        if (ticket is null && repliedTo.Count > 0)
        {
            var ids = repliedTo.ToList();
            var ticketId = await db.TicketMessages().AsNoTracking()
                .Where(m => m.MailMessageId != null && ids.Contains(m.MailMessageId))
                .Select(m => (Guid?)m.TicketId).FirstOrDefaultAsync(cancellationToken);
            if (ticketId is null)
            {
                var outboxIds = ids.Select(MailKeys.OutboxIdOf).OfType<Guid>().ToList();
                var subjects = await db.OutboundEmails.AsNoTracking().Where(e => outboxIds.Contains(e.Id)).Select(e => e.Subject).ToListAsync(cancellationToken);
                var references = subjects.Select(TicketReferences.FindInSubject).OfType<string>().ToList();
                ticketId = await db.Tickets().AsNoTracking().Where(t => references.Contains(t.Reference)).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
            }

            if (ticketId is not null)
            {
                ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerId == null && t.GuestEmail == from, cancellationToken);
            }
        }

        for (var hops = 0; ticket?.MergedIntoTicketId is { } target && hops < 5; hops++)
        {
            ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == target && t.CustomerId == null && t.GuestEmail == from, cancellationToken);
        }

        // A closed ticket is not reopened by mail: the follow-up starts a new one.
        return ticket is { State: not TicketState.Closed } ? ticket : null;
    }

    private static async Task<SupportDepartment?> GuestDepartmentAsync(GameHostDbContext db, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var departments = await db.SupportDepartments().AsNoTracking()
            .Where(d => d.IsActive && d.PaidMode == PaidSupportMode.Free)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .ToListAsync(cancellationToken);
        return departments.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d.Email)
                && (recipients ?? []).Any(r => string.Equals(r.Trim(), d.Email!.Trim(), StringComparison.OrdinalIgnoreCase)))
            ?? departments.FirstOrDefault();
    }

    /// <summary>
    /// E-mails a guest what support wrote (a guest has no account and no notification settings): the ticket's
    /// reference in the subject so the answer threads back, in the caller's save, once per key.
    /// </summary>
    internal static void MailGuest(
        GameHostDbContext db, TimeProvider time, Ticket ticket, string author, string text, string key, string? replyTo, bool automatic,
        IReadOnlyList<EmailAttachmentRef>? attachments = null)
    {
        if (string.IsNullOrEmpty(ticket.GuestEmail))
        {
            return;
        }

        var tag = TicketReferences.Tag(ticket.Reference);
        var subject = $"Re: {tag} {ticket.Subject}";
        var body = $"""
            {text}

            — {author}

            ---
            Reply to this e-mail to continue the conversation; please keep {tag} in the subject.
            Responde a este correo para continuar la conversación; mantén {tag} en el asunto.
            """;
        new EmailOutbox(db, time).Add(
            new EmailMessage(ticket.GuestEmail, ticket.GuestName, subject.Length <= 300 ? subject : subject[..300], body, null, MailRefusal.Category)
            {
                ReplyTo = replyTo,
                IsAutomatic = automatic,
                Attachments = attachments ?? [],
            },
            "guest-" + key);
    }
}
