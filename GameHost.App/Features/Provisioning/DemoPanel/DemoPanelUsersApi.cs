using System.Text.Json;
using System.Text.RegularExpressions;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary><c>/users</c> as the panel serves it (contract §6.1).</summary>
public static partial class DemoPanelUsersApi
{
    private static readonly Dictionary<string, DemoPanelFilter<DemoUser>> Filters = new(StringComparer.Ordinal)
    {
        ["email"] = DemoPanelListQuery.Substring<DemoUser>(u => u.Email),
        ["uuid"] = DemoPanelListQuery.Substring<DemoUser>(u => u.Uuid),
        ["username"] = DemoPanelListQuery.Substring<DemoUser>(u => u.Username),
        ["external_id"] = DemoPanelListQuery.Substring<DemoUser>(u => u.ExternalId),
    };

    private static readonly Dictionary<string, Func<DemoUser, IComparable>> Sorts = new(StringComparer.Ordinal)
    {
        ["id"] = u => u.Id,
        ["uuid"] = u => u.Uuid,
    };

    public static void Map(RouteGroupBuilder api, DemoPanel panel)
    {
        api.MapGet("/users", (HttpRequest request) =>
            panel.Read(data => DemoPanelListQuery.Page(request, "user", data.Users.OrderBy(u => u.Id), Filters, Sorts, DemoPanelJson.User)));
        api.MapGet("/users/{id:int}", (int id) => panel.Read(data =>
            data.Users.SingleOrDefault(u => u.Id == id) is { } user ? Ok(user) : DemoPanelOutcome.Error(DemoPanelError.NotFound())));
        api.MapGet("/users/external/{externalId}", (string externalId) => panel.Read(data =>
            data.Users.FirstOrDefault(u => string.Equals(u.ExternalId, externalId, StringComparison.OrdinalIgnoreCase)) is { } user
                ? Ok(user)
                : DemoPanelOutcome.Error(DemoPanelError.NotFound())));
        api.MapPost("/users", (HttpContext http) => Create(panel, http));
        api.MapPatch("/users/{id:int}", (HttpContext http, int id) => Update(panel, http, id));
        api.MapDelete("/users/{id:int}", (int id) => panel.Write(data =>
        {
            var user = data.Users.SingleOrDefault(u => u.Id == id);
            if (user is null)
            {
                return DemoPanelOutcome.Error(DemoPanelError.NotFound());
            }

            if (data.Servers.Any(s => s.UserId == id))
            {
                return DemoPanelOutcome.Error(DemoPanelError.Display(
                    "Cannot delete a user with active servers attached to their account. Please delete their servers before continuing."));
            }

            data.Users.Remove(user);
            return DemoPanelOutcome.NoContent();
        }));
    }

    private static DemoPanelOutcome Ok(DemoUser user) => DemoPanelOutcome.Ok(DemoPanelJson.Envelope("user", DemoPanelJson.User(user)));

    private static DemoPanelOutcome Create(DemoPanel panel, HttpContext http)
    {
        if (DemoPanelBody.Parse(http, out var error) is not { } body)
        {
            return error!;
        }

        return panel.Write(data =>
        {
            var v = new DemoPanelValidator(body);
            var fields = Validate(v, data, self: null);
            if (!v.IsValid)
            {
                return DemoPanelOutcome.Error(v.Errors);
            }

            var now = panel.Time.GetUtcNow();
            var user = new DemoUser
            {
                Id = data.NextUserId++,
                Uuid = Guid.NewGuid().ToString(),
                CreatedAt = now,
            };
            Apply(user, fields, v, now);
            data.Users.Add(user);
            var envelope = DemoPanelJson.Envelope("user", DemoPanelJson.User(user));
            var request = http.Request;
            envelope["meta"] = new System.Text.Json.Nodes.JsonObject
            {
                ["resource"] = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}/{user.Id}",
            };
            return DemoPanelOutcome.Created(envelope);
        });
    }

    private static DemoPanelOutcome Update(DemoPanel panel, HttpContext http, int id)
    {
        if (DemoPanelBody.Parse(http, out var error) is not { } body)
        {
            return error!;
        }

        return panel.Write(data =>
        {
            var user = data.Users.SingleOrDefault(u => u.Id == id);
            if (user is null)
            {
                return DemoPanelOutcome.Error(DemoPanelError.NotFound());
            }

            // The panel validates a PATCH like a create: e-mail, username and names are required every time.
            var v = new DemoPanelValidator(body);
            var fields = Validate(v, data, self: user);
            if (!v.IsValid)
            {
                return DemoPanelOutcome.Error(v.Errors);
            }

            Apply(user, fields, v, panel.Time.GetUtcNow());
            return Ok(user);
        });
    }

    private static (string? Email, string? Username, string? First, string? Last, string? ExternalId, string? Language) Validate(
        DemoPanelValidator v, DemoPanelData data, DemoUser? self)
    {
        var email = v.Text("email", required: true);
        if (!string.IsNullOrEmpty(email))
        {
            if (!email.Contains('@', StringComparison.Ordinal) || email.StartsWith('@') || email.EndsWith('@'))
            {
                v.Fail("email", "email", "The email must be a valid email address.");
            }
            else if (data.Users.Any(u => u != self && u.Email.Equals(email, StringComparison.OrdinalIgnoreCase)))
            {
                v.Fail("email", "unique", "The email has already been taken.");
            }
        }

        var username = v.Text("username", required: true)?.ToLowerInvariant();
        if (!string.IsNullOrEmpty(username))
        {
            if (data.Users.Any(u => u != self && u.Username.Equals(username, StringComparison.OrdinalIgnoreCase)))
            {
                v.Fail("username", "unique", "The username has already been taken.");
            }

            if (!UsernamePattern().IsMatch(username))
            {
                v.Fail("username", "p_username",
                    "The username must start and end with alpha-numeric characters and\n                contain only letters, numbers, dashes, underscores, and periods.");
            }
        }

        var first = v.Text("first_name", required: true);
        var last = v.Text("last_name", required: true);
        var externalId = v.Text("external_id", required: false);
        if (!string.IsNullOrEmpty(externalId)
            && data.Users.Any(u => u != self && string.Equals(u.ExternalId, externalId, StringComparison.OrdinalIgnoreCase)))
        {
            v.Fail("external_id", "unique", "The external id has already been taken.");
        }

        var language = v.Text("language", required: false);
        v.Text("password", required: false);
        return (email, username, first, last, externalId, language);
    }

    private static void Apply(
        DemoUser user,
        (string? Email, string? Username, string? First, string? Last, string? ExternalId, string? Language) fields,
        DemoPanelValidator v,
        DateTimeOffset now)
    {
        user.Email = fields.Email!;
        user.Username = fields.Username!;
        user.FirstName = fields.First!;
        user.LastName = fields.Last!;
        // Omitted external id and language keep their values on a PATCH.
        if (v.Has("external_id"))
        {
            user.ExternalId = string.IsNullOrEmpty(fields.ExternalId) ? null : fields.ExternalId;
        }

        if (!string.IsNullOrEmpty(fields.Language))
        {
            user.Language = fields.Language;
        }

        user.UpdatedAt = now;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]+[a-z0-9]$")]
    private static partial Regex UsernamePattern();
}
