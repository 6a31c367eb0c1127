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
        public const string LowBalance = "billing.low_balance";
        public const string PromisedPaymentTaken = "billing.promised_payment_taken";
        public const string PromisedPaymentExpiring = "billing.promised_payment_expiring";
        public const string ServiceSuspended = "billing.service_suspended";
        public const string ServiceTerminated = "billing.service_terminated";
        public const string ServiceUnsuspended = "billing.service_unsuspended";
        public const string PriceChangeAnnounced = "billing.price_change_announced";
        public const string RefundIssued = "billing.refund_issued";
        public const string LedgerDrift = "billing.ledger_drift";
        public const string ServerReady = "provisioning.server_ready";
        public const string ProvisioningFailed = "provisioning.failed";
        public const string ProvisioningTaskFailed = "provisioning.task_failed_staff";
        public const string ProvisioningPaused = "provisioning.queue_paused";
        public const string ServerDelayedStaff = "provisioning.server_delayed_staff";
        public const string TicketOpened = "support.ticket_opened";
        public const string TicketReply = "support.ticket_reply";
        public const string TicketOpenedStaff = "support.ticket_opened_staff";
        public const string SlaBreach = "support.sla_breach";
        public const string ChatMessage = "chat.message";
        public const string ChatWaitingStaff = "chat.waiting_staff";
        public const string TestMessage = "notifications.test";
    }

    private static readonly NotificationChannel[] EmailOnly = [NotificationChannel.Email];
    private static readonly NotificationChannel[] Every = [.. NotificationChannels.All];
    private static readonly string[] Admins = [Roles.Admin];
    private static readonly string[] SupportStaff = [Roles.Admin, Roles.Support];

    public static readonly IReadOnlyList<NotificationEvent> All =
    [
        Customer(Codes.ConfirmEmail, GroupAccount, true, EmailOnly, ("link", "https://hosting.example/account/confirm?token=…")),
        Customer(Codes.PasswordReset, GroupAccount, true, EmailOnly, ("link", "https://hosting.example/account/reset?token=…")),
        Customer(Codes.TwoFactorChanged, GroupAccount, true, Every, ("state", "enabled")),
        Customer(Codes.NewLogin, GroupAccount, false, Every, ("ip_address", "203.0.113.7"), ("device", "Firefox on Linux"), ("time", "2026-03-01 12:00 UTC")),
        Customer(Codes.EmailChangeConfirm, GroupAccount, true, EmailOnly, ("new_email", "alex.new@example.com"), ("link", "https://hosting.example/account/confirm-email-change?token=…")),
        Customer(Codes.EmailChanged, GroupAccount, true, Every, ("old_email", "alex@example.com"), ("new_email", "alex.new@example.com")),
        Customer(Codes.InvoiceIssued, GroupBilling, true, Every, ("invoice_number", "INV-2026-0042"), ("amount", "$12.00"), ("due_date", "March 8, 2026")),
        Customer(Codes.InvoiceReminder, GroupBilling, false, Every, ("invoice_number", "INV-2026-0042"), ("amount", "$12.00"), ("due_date", "March 8, 2026")),
        Customer(Codes.InvoiceOverdue, GroupBilling, true, Every, ("invoice_number", "INV-2026-0042"), ("amount", "$12.00"), ("due_date", "March 8, 2026")),
        Customer(Codes.PaymentReceived, GroupBilling, false, Every, ("amount", "$12.00"), ("invoice_number", "INV-2026-0042")),
        Customer(Codes.PaymentFailed, GroupBilling, true, Every, ("amount", "$12.00"), ("reason", "The card was declined.")),
        Customer(Codes.LowBalance, GroupBilling, false, Every, ("balance", "$1.50"), ("runs_out", "March 3, 2026 18:00 UTC"), ("recommended", "$20.00")),
        Customer(Codes.PromisedPaymentTaken, GroupBilling, false, Every, ("amount", "$12.00"), ("until", "March 4, 2026")),
        Customer(Codes.PromisedPaymentExpiring, GroupBilling, true, Every, ("amount", "$12.00"), ("until", "March 4, 2026")),
        Customer(Codes.ServiceSuspended, GroupBilling, true, Every, ("server_name", "Survival SMP"), ("reason", "Invoice INV-2026-0042 is unpaid.")),
        Customer(Codes.ServiceTerminated, GroupBilling, true, Every, ("server_name", "Survival SMP"), ("reason", "Invoice INV-2026-0042 stayed unpaid.")),
        Customer(Codes.ServiceUnsuspended, GroupBilling, false, Every, ("server_name", "Survival SMP")),
        Customer(Codes.PriceChangeAnnounced, GroupBilling, true, Every, ("server_name", "Survival SMP"), ("period", "monthly"), ("old_price", "$10.00"), ("new_price", "$12.00"), ("effective_date", "April 1, 2026")),
        Customer(Codes.RefundIssued, GroupBilling, true, Every, ("server_name", "Survival SMP"), ("amount", "$12.00"), ("date", "March 1, 2026")),
        Staff(Codes.LedgerDrift, GroupBilling, true, Admins, ("accounts", "3"), ("details", "alice@example.com: cached $10.00, entries $12.00")),
        Customer(Codes.ServerReady, GroupProvisioning, false, Every, ("server_name", "Survival SMP"), ("address", "play.example.com:25565")),
        Customer(Codes.ProvisioningFailed, GroupProvisioning, true, Every, ("server_name", "Survival SMP")),
        Staff(Codes.ProvisioningTaskFailed, GroupProvisioning, true, Admins, ("server_name", "Survival SMP"), ("customer", "alice@example.com"), ("error", "422 ValidationException (memory)")),
        Staff(Codes.ProvisioningPaused, GroupProvisioning, true, Admins, ("error", "401 InvalidCredentials: the API key was refused")),
        Staff(Codes.ServerDelayedStaff, GroupProvisioning, true, Admins, ("server_name", "Survival SMP"), ("customer", "alice@example.com"), ("minutes", "30"), ("paid_at", "2026-03-01 12:00 UTC")),
        Customer(Codes.TicketOpened, GroupSupport, false, Every, ("ticket_number", "#1042"), ("subject", "Server will not start")),
        Customer(Codes.TicketReply, GroupSupport, false, Every, ("ticket_number", "#1042"), ("subject", "Server will not start"), ("author", "Maria (support)"), ("excerpt", "Could you send us the latest log?")),
        Staff(Codes.TicketOpenedStaff, GroupSupport, false, SupportStaff, ("ticket_number", "#1042"), ("subject", "Server will not start"), ("customer", "alice@example.com")),
        Staff(Codes.SlaBreach, GroupSupport, true, SupportStaff, ("ticket_number", "#1042"), ("subject", "Server will not start"), ("waiting", "4 h 10 min")),
        Customer(Codes.ChatMessage, GroupChat, false, Every, ("author", "Maria (support)"), ("excerpt", "Hi! How can we help?")),
        Staff(Codes.ChatWaitingStaff, GroupChat, false, SupportStaff, ("customer", "alice@example.com"), ("excerpt", "Hello, is anyone there?")),
        Staff(Codes.TestMessage, "notifications", true, Admins),
    ];

    private static readonly Dictionary<string, NotificationEvent> ByCode = All.ToDictionary(e => e.Code, StringComparer.Ordinal);

    public static NotificationEvent? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var e) ? e : null;

    public static NotificationEvent Get(string code) =>
        Find(code) ?? throw new ArgumentException($"'{code}' is not a notification event.", nameof(code));

    private static NotificationEvent Customer(
        string code, string group, bool mandatory, NotificationChannel[] channels, params (string Name, string Sample)[] values) =>
        Create(code, group, NotificationAudience.Customer, mandatory, channels, values);

    private static NotificationEvent Staff(string code, string group, bool mandatory, string[] roles, params (string Name, string Sample)[] values) =>
        Create(code, group, NotificationAudience.Staff, mandatory, Every, values) with { StaffRoles = roles };

    private static NotificationEvent Create(
        string code, string group, NotificationAudience audience, bool mandatory, NotificationChannel[] channels, (string Name, string Sample)[] values)
    {
        var samples = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = "Alex Rivera",
            ["site_name"] = "GameHost",
            ["link"] = "https://hosting.example/cabinet",
        };
        foreach (var (name, sample) in values)
        {
            samples[name] = sample;
        }

        return new NotificationEvent(code, group, audience, mandatory, [.. CommonPlaceholders, .. values.Select(v => v.Name)], samples, channels);
    }
}
