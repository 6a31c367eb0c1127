namespace GameHost.Domain.Support;

/// <summary>
/// The one state a ticket is in. Staff see it as it is; the customer sees a simpler view derived from it
/// (<see cref="TicketStatusViews.ForCustomer"/>), so the two views can never disagree.
/// </summary>
public enum TicketState
{
    New = 0,
    InProgress = 1,
    WaitingForCustomer = 2,
    OnHold = 3,
    Closed = 4,
}

/// <summary>What the customer reads in the cabinet.</summary>
public enum CustomerTicketStatus
{
    Open = 0,
    Answered = 1,
    AwaitingYourReply = 2,
    Closed = 3,
}

public enum TicketPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

/// <summary>Where a message came from: the cabinet, an e-mail, or the staff console.</summary>
public enum MessageSource
{
    Web = 0,
    Email = 1,
    Staff = 2,
}

public enum MessageKind
{
    /// <summary>Part of the conversation: both sides see it.</summary>
    Reply = 0,

    /// <summary>An internal note: only staff see it, and it is never mailed.</summary>
    Note = 1,
}

public enum ReplyRating
{
    Good = 1,
    Bad = 2,
}

/// <summary>Who may use a canned reply: everyone, one department's members, or one staff member.</summary>
public enum CannedReplyScope
{
    Global = 0,
    Department = 1,
    Personal = 2,
}

/// <summary>How a department charges for support.</summary>
public enum PaidSupportMode
{
    Free = 0,

    /// <summary>Each ticket carries a price the customer approves before it is taken from the balance.</summary>
    PerTicket = 1,

    /// <summary>The customer buys packs of incidents ahead; each new ticket uses one.</summary>
    IncidentPack = 2,
}

/// <summary>Where a ticket stands against its targets, as the queue shows it.</summary>
public enum SlaState
{
    None = 0,
    OnTrack = 1,
    DueSoon = 2,
    Breached = 3,

    /// <summary>The resolution clock is paused: the ticket waits for the customer or is on hold.</summary>
    Paused = 4,
}

public static class TicketStatusViews
{
    public static CustomerTicketStatus ForCustomer(TicketState state, bool lastPublicByStaff) => state switch
    {
        TicketState.Closed => CustomerTicketStatus.Closed,
        TicketState.WaitingForCustomer => CustomerTicketStatus.AwaitingYourReply,
        _ when lastPublicByStaff => CustomerTicketStatus.Answered,
        _ => CustomerTicketStatus.Open,
    };

    /// <summary>The states each customer status stands for, for filtering the customer's list.</summary>
    public static bool IsOpen(TicketState state) => state != TicketState.Closed;
}

/// <summary>A team customers write to, with its members, hours, address and optional price.</summary>
public sealed class SupportDepartment
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The address the department's mail is read from and answered as, e.g. <c>billing@hosting.example</c>.</summary>
    public string? Email { get; set; }

    public bool IsActive { get; set; } = true;

    public int SortOrder { get; set; }

    /// <summary>Open days as a bit mask, bit 0 = Sunday … bit 6 = Saturday (<see cref="BusinessHours"/>).</summary>
    public int BusinessDays { get; set; } = BusinessHours.MondayToFriday;

    /// <summary>Opening minute of the day in <see cref="TimeZoneId"/>, 0..1439.</summary>
    public int OpensAtMinute { get; set; } = 9 * 60;

    /// <summary>Closing minute of the day, after <see cref="OpensAtMinute"/>, up to 1440.</summary>
    public int ClosesAtMinute { get; set; } = 18 * 60;

    public string TimeZoneId { get; set; } = "UTC";

    public PaidSupportMode PaidMode { get; set; }

    /// <summary>Price of one ticket (per-ticket) or of one pack (incident packs), in minor units of <see cref="PriceCurrency"/>.</summary>
    public long PriceMinor { get; set; }

    public string PriceCurrency { get; set; } = "USD";

    /// <summary>How many incidents one pack holds.</summary>
    public int IncidentsPerPack { get; set; }

    /// <summary>Days a ticket may wait for the customer before it closes by itself; null = the site default, 0 = never.</summary>
    public int? AutoCloseAfterDays { get; set; }

    /// <summary>Days before the auto-close that the customer is warned; null = the site default.</summary>
    public int? AutoCloseWarningDays { get; set; }

    /// <summary>Moves with every change to the department or its SLA policies, so two editors cannot overwrite each other.</summary>
    public int Version { get; set; }

    public List<SupportDepartmentMember> Members { get; set; } = [];

    public BusinessHours Hours => new(BusinessDays, OpensAtMinute, ClosesAtMinute, TimeZoneId);
}

public sealed class SupportDepartmentMember
{
    public Guid DepartmentId { get; set; }

    public Guid UserId { get; set; }
}

/// <summary>One customer conversation with support.</summary>
public sealed class Ticket
{
    public const int MaxSubjectLength = 200;

    public const int MaxGuestEmailLength = 320;

    public const int MaxGuestNameLength = 200;

    public Guid Id { get; set; }

    /// <summary>Short public reference such as <c>T-4F7K2</c>; e-mail subjects carry it in brackets.</summary>
    public string Reference { get; set; } = "";

    /// <summary>The customer's account; null for a guest ticket (an e-mail from an address with no account).</summary>
    public Guid? CustomerId { get; set; }

    /// <summary>A guest ticket's sender (lower-cased address): staff replies are e-mailed there, and only mail from it continues the ticket.</summary>
    public string? GuestEmail { get; set; }

    /// <summary>The name the guest's e-mail gave, if any.</summary>
    public string? GuestName { get; set; }

    public Guid DepartmentId { get; set; }

    public string Subject { get; set; } = "";

    public TicketState State { get; set; }

    public TicketPriority Priority { get; set; } = TicketPriority.Normal;

    public Guid? AssigneeId { get; set; }

    /// <summary>The customer's service (subscription) the ticket is about, if any.</summary>
    public Guid? ServiceId { get; set; }

    /// <summary>The service's name when it was linked, so the ticket reads right after the service is gone.</summary>
    public string? ServiceLabel { get; set; }

    /// <summary>Set when this ticket was merged into another; its messages moved there and it is closed.</summary>
    public Guid? MergedIntoTicketId { get; set; }

    /// <summary>True when the last message both sides see was written by staff (the customer's "answered").</summary>
    public bool LastPublicByStaff { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Last time anything visible happened; the queue sorts by it.</summary>
    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? FirstResponseAtUtc { get; set; }

    public DateTime? FirstResponseDueAtUtc { get; set; }

    public DateTime? ResolutionDueAtUtc { get; set; }

    /// <summary>
    /// Set while the resolution clock is paused (the ticket waits for the customer or is on hold): the time from here
    /// to <see cref="ResolutionDueAtUtc"/> is given back, in business minutes, when the ticket moves again.
    /// </summary>
    public DateTime? ResolutionPausedAtUtc { get; set; }

    /// <summary>When the ticket started waiting for the customer (auto-close counts from here).</summary>
    public DateTime? WaitingSinceUtc { get; set; }

    public DateTime? AutoCloseWarnedAtUtc { get; set; }

    public DateTime? FirstResponseBreachedAtUtc { get; set; }

    public DateTime? ResolutionBreachedAtUtc { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>Price the customer is asked to approve (per-ticket paid support), minor units; null when free.</summary>
    public long? PriceMinor { get; set; }

    public string? PriceCurrency { get; set; }

    public DateTime? PriceApprovedAtUtc { get; set; }

    /// <summary>When the customer declined the price; the ticket stays open and staff see it. Cleared by a new price or an approval.</summary>
    public DateTime? PriceDeclinedAtUtc { get; set; }

    /// <summary>The invoice the approved price was billed on (paid from the balance, or open until it is paid).</summary>
    public Guid? PriceInvoiceId { get; set; }

    /// <summary>Subject and every message's text, lower-cased, for the staff queue's search.</summary>
    public string SearchText { get; set; } = "";

    public int Version { get; set; }

    public List<TicketTag> Tags { get; set; } = [];

    public List<TicketMessage> Messages { get; set; } = [];

    public CustomerTicketStatus CustomerStatus => TicketStatusViews.ForCustomer(State, LastPublicByStaff);

    public bool IsGuest => CustomerId is null;
}

public sealed class TicketTag
{
    public const int MaxLength = 40;

    public Guid TicketId { get; set; }

    public string Tag { get; set; } = "";
}

/// <summary>One message in a ticket: markdown text, a reply both sides see or a staff-only note.</summary>
public sealed class TicketMessage
{
    public const int MaxBodyLength = 20_000;
    public const int MaxRatingCommentLength = 1000;
    public const int MaxRequestIdLength = 64;
    public const int MaxTextCodeLength = 4000;

    public Guid Id { get; set; }

    public Guid TicketId { get; set; }

    public Guid? AuthorId { get; set; }

    public string AuthorName { get; set; } = "";

    public bool IsStaff { get; set; }

    public MessageKind Kind { get; set; }

    public MessageSource Source { get; set; }

    public string Body { get; set; } = "";

    /// <summary>
    /// For text the product writes (SLA notes, the auto-close warning, a merge note, a mail's refused files): what to say
    /// as resource keys and arguments (<see cref="SupportTexts"/>), so each reader sees it in their own language;
    /// <see cref="Body"/> keeps the English for search and older readers.
    /// </summary>
    public string? TextCode { get; set; }

    /// <summary>The e-mail's Message-ID (imported mail and mail we sent); unique where set, so a delivery repeats nothing.</summary>
    public string? MailMessageId { get; set; }

    /// <summary>
    /// The id of the form (new ticket, reply, note) that wrote this message, generated when the form was shown; unique
    /// where set, so a form sent twice (a double click, a second tab, a resend after a lost connection) writes once.
    /// </summary>
    public string? RequestId { get; set; }

    public string? InReplyTo { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The customer's rating of a staff reply.</summary>
    public ReplyRating? Rating { get; set; }

    public string? RatingComment { get; set; }

    public DateTime? RatedAtUtc { get; set; }

    public List<TicketAttachment> Attachments { get; set; } = [];
}

/// <summary>A file attached to a message; the bytes live outside the web root under <see cref="StoredName"/>.</summary>
public sealed class TicketAttachment
{
    public const int MaxFileNameLength = 200;

    public Guid Id { get; set; }

    public Guid TicketId { get; set; }

    public Guid MessageId { get; set; }

    /// <summary>The name the uploader gave, cleaned; only ever shown and offered as the download name.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The type found from the content, never the one the browser claimed.</summary>
    public string ContentType { get; set; } = "";

    public long SizeBytes { get; set; }

    /// <summary>Generated file name in the attachment folder.</summary>
    public string StoredName { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>A reusable answer with placeholders ({{customer_name}}, {{service}}, {{staff_name}}).</summary>
public sealed class CannedReply
{
    public const int MaxTitleLength = 120;
    public const int MaxBodyLength = 8000;

    public Guid Id { get; set; }

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public CannedReplyScope Scope { get; set; }

    public Guid? DepartmentId { get; set; }

    public Guid? OwnerId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? UpdatedAtUtc { get; set; }

    /// <summary>Moves with every edit, so two editors cannot overwrite each other.</summary>
    public int Version { get; set; }
}

/// <summary>Targets for one department and priority, in business minutes, and what to do on a breach.</summary>
public sealed class SlaPolicy
{
    public Guid Id { get; set; }

    public Guid DepartmentId { get; set; }

    public TicketPriority Priority { get; set; }

    public int FirstResponseMinutes { get; set; }

    public int ResolutionMinutes { get; set; }

    public bool NotifyOnBreach { get; set; } = true;

    public bool RaisePriorityOnBreach { get; set; }

    /// <summary>Staff member a breached ticket is handed to, if any.</summary>
    public Guid? ReassignToUserId { get; set; }
}

/// <summary>Incidents a customer bought ahead for a department (incident packs).</summary>
public sealed class SupportIncidentBalance
{
    public Guid CustomerId { get; set; }

    public Guid DepartmentId { get; set; }

    public int Remaining { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// A pack of incidents a customer buys for a department: one row per purchase form (unique <see cref="RequestId"/>),
/// billed through an invoice; the incidents are credited once, when the invoice is paid.
/// </summary>
public sealed class SupportPackPurchase
{
    public const int MaxRequestIdLength = 64;

    public Guid Id { get; set; }

    public Guid CustomerId { get; set; }

    public Guid DepartmentId { get; set; }

    public string RequestId { get; set; } = "";

    public int Incidents { get; set; }

    public long PriceMinor { get; set; }

    public string PriceCurrency { get; set; } = "USD";

    public Guid? InvoiceId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? CreditedAtUtc { get; set; }

    public int Version { get; set; }
}
