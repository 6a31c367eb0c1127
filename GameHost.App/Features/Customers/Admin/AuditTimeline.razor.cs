using System.Globalization;
using GameHost.Domain.Audit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace GameHost.App.Features.Customers.Admin;

/// <summary>
/// Audit entries as a readable timeline: the action and field names in the user's language, booleans as yes/no,
/// instants in the user's culture, and only the fields an action changed.
/// </summary>
public partial class AuditTimeline
{
    [Parameter, EditorRequired]
    public IReadOnlyList<AuditEntryView> Entries { get; set; } = [];

    [Parameter]
    public int TotalCount { get; set; }

    /// <summary>When set (e.g. on the dashboard), each entry links to its subject.</summary>
    [Parameter]
    public Func<AuditEntryView, string?>? SubjectHref { get; set; }

    private static Color ColorFor(string action) =>
        action.EndsWith(".locked", StringComparison.Ordinal) ? Color.Error
        : action.EndsWith(".unlocked", StringComparison.Ordinal) ? Color.Success
        : Color.Info;

    private string ActionText(string action) => Localized("AuditAction." + action, action);

    private string FieldText(string field) => Localized("AuditField." + field, field);

    private string ValueText(string? raw)
    {
        switch (raw)
        {
            case null:
                return L["AuditNoValue"];
            case "true":
                return L["Yes"];
            case "false":
                return L["No"];
        }

        // Snapshots store instants as ISO 8601 (System.Text.Json); anything else is shown as written.
        if (raw.Length >= 19 && raw[4] == '-' && raw[10] == 'T'
            && DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.Year == DateTime.MaxValue.Year ? L["Indefinitely"] : DisplayText.DateTime(L, instant);
        }

        return raw;
    }

    private string Localized(string key, string fallback)
    {
        var text = L[key];
        return text.ResourceNotFound ? fallback : text.Value;
    }
}
