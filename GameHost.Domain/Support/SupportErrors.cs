using GameHost.Domain.Common;

namespace GameHost.Domain.Support;

/// <summary>Stable error codes of the support feature; the UI words them (SupportText).</summary>
public static class SupportErrors
{
    public const string NotFound = "support.not_found";
    public const string NotStaff = "support.not_staff";
    public const string SubjectRequired = "support.subject_required";
    public const string SubjectTooLong = "support.subject_too_long";
    public const string BodyRequired = "support.body_required";
    public const string BodyTooLong = "support.body_too_long";
    public const string DepartmentUnknown = "support.department_unknown";
    public const string ServiceNotYours = "support.service_not_yours";
    public const string CustomerUnknown = "support.customer_unknown";
    public const string AssigneeNotStaff = "support.assignee_not_staff";
    public const string Closed = "support.closed";
    public const string NotClosed = "support.not_closed";
    public const string Merged = "support.merged";
    public const string MergeSelf = "support.merge_self";
    public const string MergeOtherCustomer = "support.merge_other_customer";
    public const string TagInvalid = "support.tag_invalid";
    public const string NotRatable = "support.not_ratable";
    public const string CommentTooLong = "support.comment_too_long";
    public const string NameRequired = "support.name_required";
    public const string EmailInvalid = "support.email_invalid";
    public const string HoursInvalid = "support.hours_invalid";
    public const string PriceInvalid = "support.price_invalid";
    public const string TargetsInvalid = "support.targets_invalid";
    public const string ScopeInvalid = "support.scope_invalid";
    public const string NoIncidentsLeft = "support.no_incidents_left";
    public const string NothingToApprove = "support.nothing_to_approve";
    public const string PaymentFailed = "support.payment_failed";
    public const string AttachmentTooLarge = "support.attachment_too_large";
    public const string AttachmentsTooLarge = "support.attachments_too_large";
    public const string AttachmentType = "support.attachment_type";
    public const string AttachmentEmpty = "support.attachment_empty";
    public const string Changed = "support.changed";
    public const string NameTaken = "support.name_taken";
    public const string EmailTaken = "support.email_taken";
    public const string AutoCloseInvalid = "support.auto_close_invalid";
    public const string PlaceholderUnknown = "support.placeholder_unknown";
    public const string TitleRequired = "support.title_required";
    public const string InsufficientBalance = "support.insufficient_balance";
    public const string NotPaidDepartment = "support.not_paid_department";
    public const string ChargeInvoiced = "support.charge_invoiced";
    public const string RequestIdInvalid = "support.request_id_invalid";
    public const string RequestIdMissing = "support.request_id_missing";
    public const string ChatEnded = "support.chat_ended";
    public const string ChatMessageTooLong = "support.chat_message_too_long";

    public static Error Of(string code, string message, string? field = null) => new(code, message, field);
}
