namespace GameHost.Domain.Provisioning.Panel;

/// <summary>
/// Port to the Pterodactyl Application API (contract: <c>contracts/pterodactyl</c>). The App's HTTP adapter sends the
/// headers, paces itself under the panel's rate limit, waits out 429s with <c>Retry-After</c>, reads every page of a
/// list, and maps every failure to a <see cref="PanelFailure"/>; it never throws for panel trouble (only for
/// cancellation). Lookups that find nothing succeed with null.
/// </summary>
public interface IPterodactylApi
{
    /// <summary><c>GET /users/external/{id}</c>; null on 404.</summary>
    Task<PanelResult<PanelUser?>> GetUserByExternalIdAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /users?filter[email]=…</c> as the panel answers it: a case-insensitive SUBSTRING match, so the caller must
    /// compare the e-mail exactly (pitfall 2).
    /// </summary>
    Task<PanelResult<IReadOnlyList<PanelUser>>> SearchUsersByEmailAsync(string email, CancellationToken cancellationToken);

    Task<PanelResult<PanelUser>> CreateUserAsync(NewPanelUser user, CancellationToken cancellationToken);

    Task<PanelResult<PanelUser>> UpdateUserAsync(int userId, PanelUserUpdate update, CancellationToken cancellationToken);

    /// <summary><c>GET /servers/external/{id}?include=allocations</c>; null on 404.</summary>
    Task<PanelResult<PanelServer?>> GetServerByExternalIdAsync(string externalId, CancellationToken cancellationToken);

    /// <summary><c>GET /servers/{id}?include=allocations</c>; null on 404.</summary>
    Task<PanelResult<PanelServer?>> GetServerAsync(int serverId, CancellationToken cancellationToken);

    /// <summary><c>POST /servers?include=allocations</c> with a create timeout of at least 60 s.</summary>
    Task<PanelResult<PanelServer>> CreateServerAsync(NewPanelServer server, CancellationToken cancellationToken);

    Task<PanelResult<PanelServer>> UpdateServerBuildAsync(int serverId, PanelBuild build, CancellationToken cancellationToken);

    Task<PanelResult<PanelServer>> UpdateServerStartupAsync(int serverId, PanelStartup startup, CancellationToken cancellationToken);

    Task<PanelResult<PanelServer>> UpdateServerDetailsAsync(int serverId, PanelServerDetails details, CancellationToken cancellationToken);

    Task<PanelResult<PanelUnit>> SuspendServerAsync(int serverId, CancellationToken cancellationToken);

    Task<PanelResult<PanelUnit>> UnsuspendServerAsync(int serverId, CancellationToken cancellationToken);

    /// <summary>Not idempotent: every call reruns the install script.</summary>
    Task<PanelResult<PanelUnit>> ReinstallServerAsync(int serverId, CancellationToken cancellationToken);

    /// <summary><c>DELETE /servers/{id}</c>; a 404 (already gone) is a success.</summary>
    Task<PanelResult<PanelUnit>> DeleteServerAsync(int serverId, CancellationToken cancellationToken);

    Task<PanelResult<IReadOnlyList<PanelLocation>>> ListLocationsAsync(CancellationToken cancellationToken);

    Task<PanelResult<IReadOnlyList<PanelNode>>> ListNodesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /nodes/deployable</c>: public nodes in the locations with room for the memory and disk. None is an empty
    /// list, not a failure (the panel answers 400 <c>NoViableNodeException</c>).
    /// </summary>
    Task<PanelResult<IReadOnlyList<PanelNode>>> ListDeployableNodesAsync(
        int memoryMb, int diskMb, IReadOnlyList<int> locationIds, CancellationToken cancellationToken);

    /// <summary><c>GET /nodes/{id}/allocations?filter[server_id]=false</c>, every page.</summary>
    Task<PanelResult<IReadOnlyList<PanelAllocation>>> ListFreeAllocationsAsync(int nodeId, CancellationToken cancellationToken);

    Task<PanelResult<IReadOnlyList<PanelNest>>> ListNestsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /nests/{id}/eggs?include=variables</c> (not paginated).</summary>
    Task<PanelResult<IReadOnlyList<PanelEgg>>> ListEggsAsync(int nestId, CancellationToken cancellationToken);
}

/// <summary>Where the panel is and the key to it, as the adapter needs them for each call.</summary>
public sealed record PanelConnection(Uri ApplicationApiBaseUrl, string ApiKey, Uri PublicPanelUrl);

/// <summary>
/// Answers which panel to talk to, read per call so a settings change applies at once. Null = no panel is set up
/// (the adapter then answers <see cref="PanelFailureKind.Credentials"/> without calling anything).
/// </summary>
public interface IPanelConnectionSource
{
    Task<PanelConnection?> GetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A panel that ships with the app (the demo panel, mounted only with the demo seed or in tests). The stored panel
/// settings win; this is used only while staff have not connected a real panel.
/// </summary>
public interface IBuiltInPanel
{
    Task<PanelConnection?> GetConnectionAsync(CancellationToken cancellationToken);
}
