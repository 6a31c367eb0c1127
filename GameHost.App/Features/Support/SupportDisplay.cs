using System.Globalization;
using GameHost.Domain.Common;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Attachments;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace GameHost.App.Features.Support;

/// <summary>How support values read and look on both sides.</summary>
public static class SupportDisplay
{
    public static string When(DateTime utc) => utc.ToString("g", CultureInfo.CurrentCulture) + " UTC";

    /// <summary>A new form's request id (a ticket, a reply, a note): what makes the same form sent twice write once.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>A request id carried in the new-ticket page's address, when it is one a form could have made.</summary>
    public static bool IsRequestId(string? value) => Guid.TryParseExact(value, "N", out _);

    public static string ErrorText(IStringLocalizer<SupportText> text, Error? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (error is null)
        {
            return text["ErrorUnexpected"];
        }

        var localized = text["Error_" + error.Code, error.Details.Count > 0 ? error.Details[0] : ""];
        return localized.ResourceNotFound ? error.Message : localized.Value;
    }

    /// <summary>
    /// A refused new-ticket form's errors: each one the form has a field for goes into <paramref name="fieldErrors"/>,
    /// the rest into the returned line for the alert above the button, which also says to check the fields when any
    /// field has an error (a field's own message goes once it changes; this line stays until the next send, so a
    /// refused click never looks as if nothing happened). Null when there is nothing for that line.
    /// </summary>
    public static string? OpenTicketRefusal(IStringLocalizer<SupportText> text, Error error, IReadOnlySet<string> shownFields, Dictionary<string, string> fieldErrors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(shownFields);
        ArgumentNullException.ThrowIfNull(fieldErrors);
        var general = new List<string>();
        foreach (var each in error.Related.Count > 0 ? error.Related : [error])
        {
            var message = ErrorText(text, each);
            if (each.Field is { } field && shownFields.Contains(field))
            {
                fieldErrors[field] = message;
            }
            else
            {
                general.Add(message);
            }
        }

        if (fieldErrors.Count > 0)
        {
            general.Insert(0, text["NotOpenedCheckFields"]);
        }

        return general.Count > 0 ? string.Join(" ", general) : null;
    }

    public static Color CustomerStatusColor(CustomerTicketStatus status) => status switch
    {
        CustomerTicketStatus.Open => Color.Info,
        CustomerTicketStatus.Answered => Color.Success,
        CustomerTicketStatus.AwaitingYourReply => Color.Warning,
        _ => Color.Default,
    };

    public static Color StateColor(TicketState state) => state switch
    {
        TicketState.New => Color.Info,
        TicketState.InProgress => Color.Primary,
        TicketState.WaitingForCustomer => Color.Warning,
        TicketState.OnHold => Color.Secondary,
        _ => Color.Default,
    };

    public static Color PriorityColor(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => Color.Error,
        TicketPriority.High => Color.Warning,
        TicketPriority.Low => Color.Default,
        _ => Color.Info,
    };

    /// <summary>
    /// The SLA state a queue row is in at <paramref name="now"/>, worked out from its due time so the page can move a
    /// row to "due soon" or "breached" as the clock runs without reading the queue again.
    /// </summary>
    public static SlaState LiveSla(SlaState loaded, DateTime? dueAtUtc, DateTime now, TimeSpan dueSoon) =>
        loaded is SlaState.None or SlaState.Paused || dueAtUtc is not { } due
            ? loaded
            : due <= now ? SlaState.Breached : due <= now + dueSoon ? SlaState.DueSoon : SlaState.OnTrack;

    /// <summary>"due in 25 min" or "overdue 1 h 10 min", in whole minutes (rounded towards the due time's side).</summary>
    public static string DueText(IStringLocalizer<SupportText> text, DateTime dueAtUtc, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var left = dueAtUtc - now;
        var minutes = left > TimeSpan.Zero ? (int)Math.Ceiling(left.TotalMinutes) : (int)Math.Floor(-left.TotalMinutes);
        return left > TimeSpan.Zero ? text["DueIn", Duration(text, minutes)] : text["Overdue", Duration(text, minutes)];
    }

    /// <summary>A span of whole minutes: "25 min", "1 h 10 min", "3 d 4 h".</summary>
    public static string Duration(IStringLocalizer<SupportText> text, int minutes)
    {
        ArgumentNullException.ThrowIfNull(text);
        return minutes switch
        {
            < 60 => text["DurationMinutes", minutes],
            < 48 * 60 => text["DurationHoursMinutes", minutes / 60, minutes % 60],
            _ => text["DurationDaysHours", minutes / (24 * 60), minutes % (24 * 60) / 60],
        };
    }

    public static Color SlaColor(SlaState sla) => sla switch
    {
        SlaState.Breached => Color.Error,
        SlaState.DueSoon => Color.Warning,
        SlaState.OnTrack => Color.Success,
        _ => Color.Default,
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.CurrentCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " MB",
    };

    /// <summary>Reads the chosen files, refusing any larger than <paramref name="maxBytes"/> before reading it.</summary>
    public static async Task<(List<AttachmentUpload> Files, string? TooLarge)> ReadAsync(IReadOnlyList<IBrowserFile> files, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = new List<AttachmentUpload>();
        foreach (var file in files)
        {
            if (file.Size > maxBytes)
            {
                return (list, file.Name);
            }

            await using var stream = file.OpenReadStream(maxBytes, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            list.Add(new AttachmentUpload(file.Name, buffer.ToArray()));
        }

        return (list, null);
    }
}
