using GameHost.Domain.Accounts;

namespace GameHost.Domain.Notifications.Catalogue;

/// <summary>
/// Every event the product can notify about. Features raise them by code through <see cref="Notifier"/>; each has
/// default templates in English and Spanish (<c>NotificationTemplatesText.resx</c>) — a test keeps the two in step.
/// </summary>
public static class NotificationCatalogue
{
    /// <summary>Offered by every event: the recipient's name, the product's name and the place to act.</summary>
    public static readonly IReadOnlyList<string> CommonPlaceholders = ["name", "site_name", "link"];

    public const string GroupAccount = "account";
    public const string GroupBilling = "billing";
    public const string GroupProvisioning = "provisioning";
    public const string GroupSupport = "support";
    public const string GroupChat = "chat";

    public static class Codes
    {
        public const string ConfirmEmail = "account.confirm_email";
        public const string PasswordReset = "account.password_reset";
        public const string TwoFactorChanged = "account.two_factor_changed";
        public const string NewLogin = "account.new_login";
        public const string EmailChangeConfirm = "account.email_change_confirm";
        public const string EmailChanged = "account.email_changed";
        public const string InvoiceIssued = "billing.invoice_issued";
        public const string InvoiceReminder = "billing.invoice_reminder";
        public const string InvoiceOverdue = "billing.invoice_overdue";
        public const string PaymentReceived = "billing.payment_received";
        public const string PaymentFailed = "billing.payment_failed";
        public const string PaymentActionRequired = "billing.payment_action_required";
        public const string LowBalance = "billing.low_balance";
        public const string PromisedPaymentTaken = "billing.promised_payment_taken";
        public const string PromisedPaymentExpiring = "billing.promised_payment_expiring";
        public const string ServiceSuspended = "billing.service_suspended";
        public const string ServiceTerminated = "billing.service_terminated";
        public const string ServiceUnsuspended = "billing.service_unsuspended";
        public const string PriceChangeAnnounced = "billing.price_change_announced";
        public const string RefundIssued = "billing.refund_issued";
        public const string LedgerDrift = "billing.ledger_drift";
        public const string PaymentHeldStaff = "billing.payment_held_staff";
        public const string GatewayEventFailingStaff = "billing.gateway_event_failing_staff";
        public const string PaymentStuckStaff = "billing.payment_stuck_staff";
        public const string SettlementDifferencesStaff = "billing.settlement_differences_staff";
        public const string ServerReady = "provisioning.server_ready";
        public const string ProvisioningFailed = "provisioning.failed";
        public const string ProvisioningTaskFailed = "provisioning.task_failed_staff";
        public const string ProvisioningPaused = "provisioning.queue_paused";
        public const string ServerDelayedStaff = "provisioning.server_delayed_staff";
        public const string TicketOpened = "support.ticket_opened";
        public const string TicketReply = "support.ticket_reply";
        public const string TicketOpenedStaff = "support.ticket_opened_staff";
        public const string SlaBreach = "support.sla_breach";
        public const string IncidentsNeeded = "support.incidents_needed";
        public const string ChatMessage = "chat.message";
        public const string ChatWaitingStaff = "chat.waiting_staff";
        public const string TestMessage = "notifications.test";
    }

    // Sample values for the staff preview, in the preview's language (see NotificationSample).
    private static readonly NotificationSample DueDate = NotificationSample.Date(2026, 3, 8);
    private static readonly NotificationSample ServerName = Words("Sample.ServerName");

    private static readonly NotificationChannel[] EmailOnly = [NotificationChannel.Email];
    private static readonly NotificationChannel[] Every = [.. NotificationChannels.All];
    private static readonly string[] Admins = [Roles.Admin];
    private static readonly string[] SupportStaff = [Roles.Admin, Roles.Support];

    public static readonly IReadOnlyList<NotificationEvent> All =
    [
        Customer(Codes.ConfirmEmail, GroupAccount, true, EmailOnly, ("link", "https://hosting.example/account/confirm?token=…")),
        Customer(Codes.PasswordReset, GroupAccount, true, EmailOnly, ("link", "https://hosting.example/account/reset?token=…")),
        Customer(Codes.TwoFactorChanged, GroupAccount, true, Every, ("state", Words("Sample.TwoFactorEnabled"))),
        Customer(Codes.NewLogin, GroupAccount, false, Every, ("ip_address", "203.0.113.7"), ("device", Words("Sample.Device")), ("time", "2026-03-01 12:00 UTC")),
        Customer(Codes.EmailChangeConfirm, GroupAccount, true, EmailOnly, ("new_email", "alex.new@example.com"), ("link", "https://hosting.example/account/confirm-email-change?token=…")),
        Customer(Codes.EmailChanged, GroupAccount, true, Every, ("old_email", "alex@example.com"), ("new_email", "alex.new@example.com")),
        Customer(Codes.InvoiceIssued, GroupBilling, true, Every, ("invoice_number", "INV-2026-0042"), ("amount", Amount(1200)), ("due_date", DueDate),
            ("payment_status", Words("InvoiceStatus.Due", DueDate)), ("balance", Amount(350))),
        Customer(Codes.InvoiceReminder, GroupBilling, false, Every, ("invoice_number", "INV-2026-0042"), ("amount", Amount(1200)), ("due_date", DueDate)),
        Customer(Codes.InvoiceOverdue, GroupBilling, true, Every, ("invoice_number", "INV-2026-0042"), ("amount", Amount(1200)), ("due_date", DueDate)),
        Customer(Codes.PaymentReceived, GroupBilling, false, Every, ("amount", Amount(1200)), ("invoice_number", "INV-2026-0042")),
        Customer(Codes.PaymentFailed, GroupBilling, true, Every, ("amount", Amount(1200)), ("reason", Words("Sample.CardDeclined"))),
        Customer(Codes.PaymentActionRequired, GroupBilling, true, Every, ("invoice_number", "INV-2026-0042"), ("amount", Amount(1200))),
        Customer(Codes.LowBalance, GroupBilling, false, Every, ("balance", Amount(150)), ("runs_out", NotificationSample.DateAndTime(2026, 3, 3, 18)), ("recommended", Amount(2000))),
        Customer(Codes.PromisedPaymentTaken, GroupBilling, false, Every, ("amount", Amount(1200)), ("until", NotificationSample.Date(2026, 3, 4))),
        Customer(Codes.PromisedPaymentExpiring, GroupBilling, true, Every, ("amount", Amount(1200)), ("until", NotificationSample.Date(2026, 3, 4))),
        Customer(Codes.ServiceSuspended, GroupBilling, true, Every, ("server_name", ServerName), ("reason", Words("Reason.UnpaidInvoice", "INV-2026-0042"))),
        Customer(Codes.ServiceTerminated, GroupBilling, true, Every, ("server_name", ServerName), ("reason", Words("Reason.InvoiceStayedUnpaid", "INV-2026-0042"))),
        Customer(Codes.ServiceUnsuspended, GroupBilling, false, Every, ("server_name", ServerName)),
        Customer(Codes.PriceChangeAnnounced, GroupBilling, true, Every, ("server_name", ServerName), ("period", Words("Period.Month1")), ("old_price", Amount(1000)), ("new_price", Amount(1200)), ("effective_date", NotificationSample.Date(2026, 4, 1))),
        Customer(Codes.RefundIssued, GroupBilling, true, Every, ("server_name", ServerName), ("amount", Amount(1200)), ("date", NotificationSample.Date(2026, 3, 1))),
        Staff(Codes.LedgerDrift, GroupBilling, true, Admins, ("accounts", "3"), ("details", Words("Sample.LedgerDetails", Amount(1000), Amount(1200)))),
        // Money a person has to look at: mandatory, so no administrator can switch them off.
        Staff(Codes.PaymentHeldStaff, GroupBilling, true, Admins, ("amount", "15.00 USD"), ("expected", "12.00 USD"), ("gateway", "stripe")),
        Staff(Codes.GatewayEventFailingStaff, GroupBilling, true, Admins, ("gateway", "stripe"), ("event_id", "evt_1Q2w3E4r5T6y"), ("attempts", "5"),
            ("reason", Words("Sample.GatewayEventError"))),
        Staff(Codes.PaymentStuckStaff, GroupBilling, true, Admins, ("attempt_id", "0f8fad5b-d9cb-469f-a165-70867728950e"), ("gateway", "paypal"),
            ("status", "Unknown")),
        Staff(Codes.SettlementDifferencesStaff, GroupBilling, true, Admins, ("count", "2"), ("date", "2026-03-01"),
            ("details", "stripe ch_3Pq8Zt 12.00 USD (MissingHere)\npaypal 7KX21 20.00 USD (AmountDiffers)")),
        Customer(Codes.ServerReady, GroupProvisioning, false, Every, ("server_name", ServerName), ("address", "play.example.com:25565")),
        Customer(Codes.ProvisioningFailed, GroupProvisioning, true, Every, ("server_name", ServerName)),
        Staff(Codes.ProvisioningTaskFailed, GroupProvisioning, true, Admins, ("server_name", ServerName), ("customer", "alice@example.com"), ("error", Words("Sample.PanelValidation"))),
        Staff(Codes.ProvisioningPaused, GroupProvisioning, true, Admins, ("error", Words("Sample.PanelRefused"))),
        Staff(Codes.ServerDelayedStaff, GroupProvisioning, true, Admins, ("server_name", ServerName), ("customer", "alice@example.com"), ("minutes", "30"), ("paid_at", "2026-03-01 12:00 UTC")),
        Customer(Codes.TicketOpened, GroupSupport, false, Every, ("ticket_number", "#1042"), ("subject", Words("Sample.TicketSubject"))),
        // The e-mail of a reply is the customer's own conversation (transactional): it cannot be unsubscribed, and it
        // carries the whole message; in-app, Telegram and SMS keep the excerpt and stay a preference.
        Customer(Codes.TicketReply, GroupSupport, false, Every, ("ticket_number", "#1042"), ("subject", Words("Sample.TicketSubject")), ("author", Words("Sample.StaffAuthor")),
            ("excerpt", Words("Sample.TicketExcerpt")), ("message", Words("Sample.TicketMessage"))) with { RequiredChannels = [NotificationChannel.Email] },
        Customer(Codes.IncidentsNeeded, GroupSupport, true, EmailOnly, ("subject", Words("Sample.TicketSubject")), ("department", Words("Sample.Department"))),
        Staff(Codes.TicketOpenedStaff, GroupSupport, false, SupportStaff, ("ticket_number", "#1042"), ("subject", Words("Sample.TicketSubject")), ("customer", "alice@example.com")),
        Staff(Codes.SlaBreach, GroupSupport, true, SupportStaff, ("ticket_number", "#1042"), ("subject", Words("Sample.TicketSubject")), ("waiting", "4 h 10 min")),
        Customer(Codes.ChatMessage, GroupChat, false, Every, ("author", Words("Sample.StaffAuthor")), ("excerpt", Words("Sample.ChatGreeting"))),
        Staff(Codes.ChatWaitingStaff, GroupChat, false, SupportStaff, ("customer", "alice@example.com"), ("excerpt", Words("Sample.ChatQuestion"))),
        Staff(Codes.TestMessage, "notifications", true, Admins),
    ];

    private static readonly Dictionary<string, NotificationEvent> ByCode = All.ToDictionary(e => e.Code, StringComparer.Ordinal);

    public static NotificationEvent? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var e) ? e : null;

    public static NotificationEvent Get(string code) =>
        Find(code) ?? throw new ArgumentException($"'{code}' is not a notification event.", nameof(code));

    private static NotificationEvent Customer(
        string code, string group, bool mandatory, NotificationChannel[] channels, params (string Name, NotificationSample Sample)[] values) =>
        Create(code, group, NotificationAudience.Customer, mandatory, channels, values);

    private static NotificationEvent Staff(string code, string group, bool mandatory, string[] roles, params (string Name, NotificationSample Sample)[] values) =>
        Create(code, group, NotificationAudience.Staff, mandatory, Every, values) with { StaffRoles = roles };

    private static NotificationEvent Create(
        string code, string group, NotificationAudience audience, bool mandatory, NotificationChannel[] channels, (string Name, NotificationSample Sample)[] values)
    {
        var samples = new Dictionary<string, NotificationSample>(StringComparer.Ordinal)
        {
            ["name"] = "Alex Rivera",
            ["site_name"] = "GameHost",
            ["link"] = "https://hosting.example/cabinet",
        };
        foreach (var (name, sample) in values)
        {
            samples[name] = sample;
        }

        var english = samples.ToDictionary(s => s.Key, s => s.Value.In(SupportedLanguages.Default), StringComparer.Ordinal);
        return new NotificationEvent(code, group, audience, mandatory, [.. CommonPlaceholders, .. values.Select(v => v.Name)], english, channels)
        {
            Samples = samples,
        };
    }

    private static NotificationSample Amount(long minor) => NotificationSample.Amount(minor);

    private static NotificationSample Words(string key, params NotificationSample[] args) => NotificationSample.Text(key, args);
}
