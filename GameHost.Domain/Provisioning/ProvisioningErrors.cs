using System.Globalization;
using GameHost.Domain.Common;

namespace GameHost.Domain.Provisioning;

/// <summary>Stable codes for what provisioning refuses; the UI maps each code to localized words.</summary>
public static class ProvisioningErrors
{
    public static readonly Error InvalidServerName = Error.Validation("ServerName", "provisioning.invalid_server_name",
        "A server name is 1–40 letters, digits, spaces or dashes.");

    public static readonly Error LocationNotOffered = Error.Validation("LocationId", "provisioning.location_not_offered",
        "This tariff is not offered in that location.");

    public static readonly Error CapacityUnknown = new("provisioning.capacity_unknown",
        "We cannot confirm right now that a server can be created there. Nothing was charged; please try again in a few minutes.");

    /// <summary>The location is full; <see cref="Error.Details"/> holds the ids of the allowed locations that can take the server.</summary>
    public static Error NoCapacity(int locationId, IReadOnlyList<int> alternatives)
    {
        ArgumentNullException.ThrowIfNull(alternatives);
        var message = alternatives.Count == 0
            ? $"Location {locationId} cannot host this server right now, and neither can any other location of this tariff."
            : $"Location {locationId} cannot host this server right now. Locations that can: {string.Join(", ", alternatives)}.";
        return Error.Validation("LocationId", "provisioning.no_capacity", message) with
        {
            Details = alternatives.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList(),
        };
    }

    public static Error VariableNotSettable(string envName) =>
        Error.Validation(envName, "provisioning.variable_not_settable", $"'{envName}' cannot be set when ordering.");

    public static Error VariableRequired(string envName) =>
        Error.Validation(envName, "provisioning.variable_required", "This field is required.");

    public static Error VariableNotInteger(string envName) =>
        Error.Validation(envName, "provisioning.variable_not_integer", "Enter a whole number.");

    public static Error VariableNotNumeric(string envName) =>
        Error.Validation(envName, "provisioning.variable_not_numeric", "Enter a number.");

    public static Error VariableNotBoolean(string envName) =>
        Error.Validation(envName, "provisioning.variable_not_boolean", "Enter true or false (or 1 or 0).");

    /// <summary><see cref="Error.Details"/>: the limit, then <c>number</c> or <c>length</c> (what it limits), for the form's own words.</summary>
    public static Error VariableTooLarge(string envName, string max, bool numeric) =>
        Error.Validation(envName, "provisioning.variable_max", numeric ? $"At most {max}." : $"At most {max} characters.")
            with { Details = [max, numeric ? "number" : "length"] };

    /// <summary><see cref="Error.Details"/>: the limit, then <c>number</c> or <c>length</c>.</summary>
    public static Error VariableTooSmall(string envName, string min, bool numeric) =>
        Error.Validation(envName, "provisioning.variable_min", numeric ? $"At least {min}." : $"At least {min} characters.")
            with { Details = [min, numeric ? "number" : "length"] };

    public static Error VariableNotInList(string envName, IReadOnlyList<string> allowed) =>
        Error.Validation(envName, "provisioning.variable_not_in_list", $"Choose one of: {string.Join(", ", allowed)}.")
            with { Details = allowed };

    public static Error VariableBadFormat(string envName) =>
        Error.Validation(envName, "provisioning.variable_format", "The value has the wrong format.");

    public static readonly Error ServerNotFound = new("provisioning.server_not_found", "No server with this id.");

    public static readonly Error ServerGone = new("provisioning.server_gone", "The server is deleted or being deleted.");

    public static readonly Error TaskNotFound = new("provisioning.task_not_found", "No provisioning task with this id.");

    public static readonly Error TaskNotInQueue = new("provisioning.task_not_in_queue",
        "The task is not waiting for staff any more; reload to see what it is doing now.");

    public static readonly Error TaskRunning = new("provisioning.task_running",
        "The task is being carried out right now; wait for it to finish.");

    public static readonly Error TaskFinished = new("provisioning.task_finished", "The task is already finished.");

    public static readonly Error ChangedMeanwhile = new("provisioning.changed_meanwhile",
        "The task changed while you were acting on it; reload and try again.");

    public static readonly Error ReasonRequired = Error.Validation("Reason", "provisioning.reason_required", "Say why the task is cancelled.");

    public static readonly Error ReasonTooLong = Error.Validation("Reason", "provisioning.reason_too_long", "The reason is limited to 500 characters.");

    public static readonly Error ActorNotStaff = new("provisioning.actor_not_staff", "Only staff can act on the provisioning queue.");

    public static readonly Error ActorNotAdmin = new("provisioning.actor_not_admin", "Only administrators can push resources to live servers.");

    public static readonly Error TariffNotFound = new("provisioning.tariff_not_found", "No tariff with this id.");

    public static readonly Error NotOnPanelYet = new("provisioning.not_on_panel_yet",
        "The server is not on the panel yet; this is possible once it has been created.");

    public static readonly Error PanelUnavailable = new("provisioning.panel_unavailable",
        "The game panel could not be reached. Nothing was changed; please try again in a few minutes.");
}
