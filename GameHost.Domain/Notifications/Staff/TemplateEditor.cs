using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Staff;

public sealed record TemplateOverview(string EventCode, NotificationChannel Channel, string Language, bool IsOverride);

public sealed record TemplateDraft(string EventCode, NotificationChannel Channel, string Language, string? Subject, string Body);

public sealed record TemplateEditorView(NotificationTemplate Current, NotificationTemplate Default, DateTime? UpdatedAtUtc, string? UpdatedBy);

/// <summary>
/// Staff edit the template of an event per channel and language, preview it on the event's sample data, and reset it
/// to the shipped default. A template may use only the placeholders its event offers; anything else is refused with
/// the offending name. Saves and resets are audited.
/// </summary>
public sealed class TemplateEditor(IDbContextFactory<GameHostDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public static readonly IReadOnlyList<string> EditorRoles = [Roles.Admin];

    public async Task<IReadOnlyList<TemplateOverview>> OverridesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationTemplates().AsNoTracking()
            .Select(t => new TemplateOverview(t.EventCode, t.Channel, t.Language, true))
            .ToListAsync(cancellationToken);
    }

    public async Task<TemplateEditorView> GetAsync(string eventCode, NotificationChannel channel, string language, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lang = NotificationTemplates.NormalizeLanguage(language);
        var stored = await db.NotificationTemplates().AsNoTracking()
            .FirstOrDefaultAsync(t => t.EventCode == eventCode && t.Channel == channel && t.Language == lang, cancellationToken);
        var fallback = NotificationTemplates.Default(eventCode, channel, lang);
        return stored is null
            ? new TemplateEditorView(fallback, fallback, null, null)
            : new TemplateEditorView(new NotificationTemplate(stored.Subject, stored.Body, true), fallback, stored.UpdatedAtUtc, stored.UpdatedBy);
    }

    /// <summary>The draft rendered on sample data in its language exactly as it would be sent; unknown placeholders render empty.</summary>
    public static ComposedMessage Preview(TemplateDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var notificationEvent = NotificationCatalogue.Get(draft.EventCode);
        var unsubscribe = notificationEvent.IsLocked(NotificationChannel.Email) ? null : "https://hosting.example/notifications/unsubscribe?token=sample";
        return NotificationComposer.Compose(
            draft.Channel, new NotificationTemplate(draft.Subject, draft.Body, true), NotificationTemplates.SampleValues(notificationEvent, draft.Language),
            draft.Language, unsubscribe);
    }

    /// <summary>Every problem of the draft, each as an error with a code and the field it belongs to.</summary>
    public static IReadOnlyList<Error> Validate(TemplateDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<Error>();
        var notificationEvent = NotificationCatalogue.Find(draft.EventCode);
        if (notificationEvent is null)
        {
            return [NotificationErrors.Of(NotificationErrors.UnknownEvent, "There is no such notification.")];
        }

        if (!notificationEvent.Offers(draft.Channel))
        {
            errors.Add(NotificationErrors.Of(NotificationErrors.ChannelNotOffered, "This notification is not sent on that channel."));
        }

        if (!SupportedLanguages.IsSupported(draft.Language))
        {
            errors.Add(NotificationErrors.Of(NotificationErrors.UnsupportedLanguage, "The language is not supported."));
        }

        if (NotificationTemplates.UsesSubject(draft.Channel))
        {
            errors.AddRange(ToErrors("subject", TemplateRenderer.Validate(draft.Subject, notificationEvent.Placeholders)));
        }

        errors.AddRange(ToErrors("body", TemplateRenderer.Validate(draft.Body, notificationEvent.Placeholders)));
        return errors;
    }

    public async Task<Result> SaveAsync(Guid staffUserId, TemplateDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = Validate(draft);
        if (errors.Count > 0)
        {
            return errors[0] with { Related = errors };
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffUserId, EditorRoles, cancellationToken);
        if (actor is null)
        {
            return NotificationErrors.Of(NotificationErrors.NotStaff, "Only an administrator can edit templates.");
        }

        var lang = NotificationTemplates.NormalizeLanguage(draft.Language);
        var subject = NotificationTemplates.UsesSubject(draft.Channel) ? draft.Subject!.Trim() : null;
        var body = draft.Body.Trim();
        var stored = await db.NotificationTemplates()
            .FirstOrDefaultAsync(t => t.EventCode == draft.EventCode && t.Channel == draft.Channel && t.Language == lang, cancellationToken);
        var before = stored is null ? null : new { stored.Subject, stored.Body };
        if (stored is null)
        {
            stored = new NotificationTemplateOverride { Id = Guid.NewGuid(), EventCode = draft.EventCode, Channel = draft.Channel, Language = lang };
            db.NotificationTemplates().Add(stored);
        }
        else if (stored.Subject == subject && stored.Body == body)
        {
            return Result.Success();
        }

        stored.Subject = subject;
        stored.Body = body;
        stored.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        stored.UpdatedBy = actor.Name;
        audit.Record(db, actor, "notifications.template_saved", "NotificationTemplate", SubjectId(draft.EventCode, draft.Channel, lang), before, new { subject, body });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>Removes the override so the shipped default applies again; resetting a default changes nothing.</summary>
    public async Task<Result> ResetAsync(Guid staffUserId, string eventCode, NotificationChannel channel, string language, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffUserId, EditorRoles, cancellationToken);
        if (actor is null)
        {
            return NotificationErrors.Of(NotificationErrors.NotStaff, "Only an administrator can edit templates.");
        }

        var lang = NotificationTemplates.NormalizeLanguage(language);
        var stored = await db.NotificationTemplates()
            .FirstOrDefaultAsync(t => t.EventCode == eventCode && t.Channel == channel && t.Language == lang, cancellationToken);
        if (stored is null)
        {
            return Result.Success();
        }

        db.NotificationTemplates().Remove(stored);
        audit.Record(db, actor, "notifications.template_reset", "NotificationTemplate", SubjectId(eventCode, channel, lang), new { stored.Subject, stored.Body }, null);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    private static string SubjectId(string eventCode, NotificationChannel channel, string language) => $"{eventCode}/{channel.Key()}/{language}";

    private static IEnumerable<Error> ToErrors(string field, IReadOnlyList<TemplateProblem> problems) => problems.Select(p => p.Kind switch
    {
        TemplateProblemKind.Empty => Error.Validation(field, NotificationErrors.TemplateEmpty, "The template is empty."),
        TemplateProblemKind.TooLong => Error.Validation(field, NotificationErrors.TemplateTooLong, $"The template is longer than {p.Detail} characters.") with { Details = [p.Detail!] },
        TemplateProblemKind.UnknownPlaceholder => Error.Validation(field, NotificationErrors.TemplateUnknownPlaceholder, $"The placeholder {{{{ {p.Detail} }}}} is not offered by this notification.") with { Details = [p.Detail!] },
        _ => Error.Validation(field, NotificationErrors.TemplateMalformed, "A placeholder is not written as {{ name }}."),
    });
}
