using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GameHost.Domain.Provisioning.Panel;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Provisioning.Pterodactyl;

/// <summary>
/// The Pterodactyl Application API behind the <see cref="IPterodactylApi"/> port: builds each path, reads every page of
/// a list with page URLs of its own (the panel's <c>links</c> drop filters), and maps answers to the port's models.
/// Transport, pacing and failure classes live in <see cref="PanelTransport"/>.
/// </summary>
public sealed class PterodactylApiClient(PanelTransport transport, IOptions<PterodactylClientOptions> options) : IPterodactylApi
{
    /// <summary>A list longer than this many pages is cut short rather than read forever.</summary>
    private const int MaxPages = 1000;

    public Task<PanelResult<PanelUser?>> GetUserByExternalIdAsync(string externalId, CancellationToken cancellationToken) =>
        GetOrNullAsync($"/users/external/{Escape(externalId)}", PanelJson.User, cancellationToken);

    public Task<PanelResult<IReadOnlyList<PanelUser>>> SearchUsersByEmailAsync(string email, CancellationToken cancellationToken) =>
        ListAsync("/users", $"filter[email]={Escape(email)}", options.Value.PageSize, PanelJson.User, cancellationToken);

    public Task<PanelResult<PanelUser>> CreateUserAsync(NewPanelUser user, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/users", PanelRequestBodies.NewUser(user), PanelCallKind.Write, PanelJson.User, cancellationToken);

    public Task<PanelResult<PanelUser>> UpdateUserAsync(int userId, PanelUserUpdate update, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"/users/{Id(userId)}", PanelRequestBodies.UserUpdate(update), PanelCallKind.Write, PanelJson.User, cancellationToken);

    public Task<PanelResult<PanelServer?>> GetServerByExternalIdAsync(string externalId, CancellationToken cancellationToken) =>
        GetOrNullAsync($"/servers/external/{Escape(externalId)}?include=allocations", PanelJson.Server, cancellationToken);

    public Task<PanelResult<PanelServer?>> GetServerAsync(int serverId, CancellationToken cancellationToken) =>
        GetOrNullAsync($"/servers/{Id(serverId)}?include=allocations", PanelJson.Server, cancellationToken);

    public Task<PanelResult<PanelServer>> CreateServerAsync(NewPanelServer server, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/servers?include=allocations", PanelRequestBodies.NewServer(server), PanelCallKind.Create, PanelJson.Server, cancellationToken);

    public Task<PanelResult<PanelServer>> UpdateServerBuildAsync(int serverId, PanelBuild build, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"/servers/{Id(serverId)}/build?include=allocations", PanelRequestBodies.Build(build), PanelCallKind.Write, PanelJson.Server, cancellationToken);

    public Task<PanelResult<PanelServer>> UpdateServerStartupAsync(int serverId, PanelStartup startup, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"/servers/{Id(serverId)}/startup?include=allocations", PanelRequestBodies.Startup(startup), PanelCallKind.Write, PanelJson.Server, cancellationToken);

    public Task<PanelResult<PanelServer>> UpdateServerDetailsAsync(int serverId, PanelServerDetails details, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"/servers/{Id(serverId)}/details?include=allocations", PanelRequestBodies.Details(details), PanelCallKind.Write, PanelJson.Server, cancellationToken);

    public Task<PanelResult<PanelUnit>> SuspendServerAsync(int serverId, CancellationToken cancellationToken) =>
        ActAsync(HttpMethod.Post, $"/servers/{Id(serverId)}/suspend", notFoundIsSuccess: false, cancellationToken);

    public Task<PanelResult<PanelUnit>> UnsuspendServerAsync(int serverId, CancellationToken cancellationToken) =>
        ActAsync(HttpMethod.Post, $"/servers/{Id(serverId)}/unsuspend", notFoundIsSuccess: false, cancellationToken);

    public Task<PanelResult<PanelUnit>> ReinstallServerAsync(int serverId, CancellationToken cancellationToken) =>
        ActAsync(HttpMethod.Post, $"/servers/{Id(serverId)}/reinstall", notFoundIsSuccess: false, cancellationToken);

    public Task<PanelResult<PanelUnit>> DeleteServerAsync(int serverId, CancellationToken cancellationToken) =>
        ActAsync(HttpMethod.Delete, $"/servers/{Id(serverId)}", notFoundIsSuccess: true, cancellationToken);

    public Task<PanelResult<IReadOnlyList<PanelLocation>>> ListLocationsAsync(CancellationToken cancellationToken) =>
        ListAsync("/locations", null, options.Value.SyncPageSize, PanelJson.Location, cancellationToken);

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListNodesAsync(CancellationToken cancellationToken) =>
        ListAsync("/nodes", null, options.Value.SyncPageSize, PanelJson.Node, cancellationToken);

    public async Task<PanelResult<IReadOnlyList<PanelNode>>> ListDeployableNodesAsync(
        int memoryMb, int diskMb, IReadOnlyList<int> locationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(locationIds);
        var query = $"memory={Id(memoryMb)}&disk={Id(diskMb)}" + string.Concat(locationIds.Select(l => $"&location_ids[]={Id(l)}"));
        var result = await ListAsync("/nodes/deployable", query, options.Value.SyncPageSize, PanelJson.Node, cancellationToken);
        // "No node has room" is an answer, not a failure.
        return result.Failure is { Code: PanelErrorMapper.NoViableNode } ? PanelResult<IReadOnlyList<PanelNode>>.Success([]) : result;
    }

    public Task<PanelResult<IReadOnlyList<PanelAllocation>>> ListFreeAllocationsAsync(int nodeId, CancellationToken cancellationToken) =>
        ListAsync($"/nodes/{Id(nodeId)}/allocations", "filter[server_id]=false", options.Value.SyncPageSize, PanelJson.Allocation, cancellationToken);

    public Task<PanelResult<IReadOnlyList<PanelNest>>> ListNestsAsync(CancellationToken cancellationToken) =>
        ListAsync("/nests", null, options.Value.SyncPageSize, PanelJson.Nest, cancellationToken);

    public async Task<PanelResult<IReadOnlyList<PanelEgg>>> ListEggsAsync(int nestId, CancellationToken cancellationToken)
    {
        // Not paginated: one answer holds every egg.
        var result = await transport.SendAsync(HttpMethod.Get, $"/nests/{Id(nestId)}/eggs?include=variables", null, PanelCallKind.Read, cancellationToken);
        return result.IsSuccess
            ? Map(result.Value!, body => (IReadOnlyList<PanelEgg>)PanelJson.Items(body).Select(PanelJson.Egg).ToList())
            : result.Failure;
    }

    private async Task<PanelResult<T>> SendAsync<T>(
        HttpMethod method, string path, JsonNode body, PanelCallKind kind, Func<JsonElement, T> map, CancellationToken cancellationToken)
    {
        var result = await transport.SendAsync(method, path, body, kind, cancellationToken);
        return result.IsSuccess ? Map(result.Value!, envelope => map(PanelJson.Attributes(envelope))) : result.Failure;
    }

    private async Task<PanelResult<T?>> GetOrNullAsync<T>(string path, Func<JsonElement, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var result = await transport.SendAsync(HttpMethod.Get, path, null, PanelCallKind.Read, cancellationToken);
        if (result.Failure is { Kind: PanelFailureKind.NotFound })
        {
            return PanelResult<T?>.Success(null);
        }

        return result.IsSuccess ? Map<T?>(result.Value!, envelope => map(PanelJson.Attributes(envelope))) : result.Failure;
    }

    private async Task<PanelResult<PanelUnit>> ActAsync(HttpMethod method, string path, bool notFoundIsSuccess, CancellationToken cancellationToken)
    {
        var result = await transport.SendAsync(method, path, null, PanelCallKind.Write, cancellationToken);
        if (result.IsSuccess || (notFoundIsSuccess && result.Failure.Kind == PanelFailureKind.NotFound))
        {
            return new PanelUnit();
        }

        return result.Failure;
    }

    /// <summary>Every page of a list, with page URLs built here so filters and page size survive.</summary>
    private async Task<PanelResult<IReadOnlyList<T>>> ListAsync<T>(
        string path, string? query, int perPage, Func<JsonElement, T> map, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var url = $"{path}?{(query is null ? "" : query + "&")}page={Id(page)}&per_page={Id(Math.Max(1, perPage))}";
            var result = await transport.SendAsync(HttpMethod.Get, url, null, PanelCallKind.Read, cancellationToken);
            if (!result.IsSuccess)
            {
                return result.Failure;
            }

            var body = result.Value!.Body;
            if (body is null)
            {
                return UnexpectedShape(path);
            }

            try
            {
                items.AddRange(PanelJson.Items(body.Value).Select(map));
                var (current, total) = PanelJson.Pages(body.Value);
                if (current >= total)
                {
                    break;
                }
            }
            catch (JsonException)
            {
                return UnexpectedShape(path);
            }
        }

        return items;
    }

    private static PanelResult<T> Map<T>(PanelResponse response, Func<JsonElement, T> map)
    {
        if (response.Body is not { } body)
        {
            return UnexpectedShape("(empty body)");
        }

        try
        {
            return PanelResult<T>.Success(map(body));
        }
        catch (JsonException)
        {
            return UnexpectedShape("(body)");
        }
    }

    /// <summary>JSON, but not the panel's shape: something else answers at the configured address.</summary>
    private static PanelFailure UnexpectedShape(string where) =>
        new(PanelFailureKind.Credentials, 200, "UnexpectedResponse",
            $"The panel's answer for {where} is not a Pterodactyl Application API document. Check the panel URL.");

    private static string Escape(string value) => Uri.EscapeDataString(value ?? "");

    private static string Id(int value) => value.ToString(CultureInfo.InvariantCulture);
}
