namespace GameHost.Domain.Provisioning.Panel;

/// <summary>
/// Stands in while no panel adapter is registered: every call answers <see cref="PanelFailureKind.Credentials"/>
/// ("no panel connected"), which pauses the provisioning queue and alerts staff instead of losing work. The panel
/// adapter replaces it.
/// </summary>
public sealed class NoPanelApi : IPterodactylApi
{
    /// <summary>The failure code the panel settings page recognises as "nothing connected yet".</summary>
    public const string NotConfiguredCode = "NotConfigured";

    private static readonly PanelFailure NotConnected = new(PanelFailureKind.Credentials, null, NotConfiguredCode,
        "No game panel is connected. Connect one under Settings → Panel.");

    public Task<PanelResult<PanelUser?>> GetUserByExternalIdAsync(string externalId, CancellationToken cancellationToken) => Fail<PanelUser?>();

    public Task<PanelResult<IReadOnlyList<PanelUser>>> SearchUsersByEmailAsync(string email, CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelUser>>();

    public Task<PanelResult<PanelUser>> CreateUserAsync(NewPanelUser user, CancellationToken cancellationToken) => Fail<PanelUser>();

    public Task<PanelResult<PanelUser>> UpdateUserAsync(int userId, PanelUserUpdate update, CancellationToken cancellationToken) => Fail<PanelUser>();

    public Task<PanelResult<PanelServer?>> GetServerByExternalIdAsync(string externalId, CancellationToken cancellationToken) => Fail<PanelServer?>();

    public Task<PanelResult<PanelServer?>> GetServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelServer?>();

    public Task<PanelResult<PanelServer>> CreateServerAsync(NewPanelServer server, CancellationToken cancellationToken) => Fail<PanelServer>();

    public Task<PanelResult<PanelServer>> UpdateServerBuildAsync(int serverId, PanelBuild build, CancellationToken cancellationToken) => Fail<PanelServer>();

    public Task<PanelResult<PanelServer>> UpdateServerStartupAsync(int serverId, PanelStartup startup, CancellationToken cancellationToken) => Fail<PanelServer>();

    public Task<PanelResult<PanelServer>> UpdateServerDetailsAsync(int serverId, PanelServerDetails details, CancellationToken cancellationToken) => Fail<PanelServer>();

    public Task<PanelResult<PanelUnit>> SuspendServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelUnit>();

    public Task<PanelResult<PanelUnit>> UnsuspendServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelUnit>();

    public Task<PanelResult<PanelUnit>> ReinstallServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelUnit>();

    public Task<PanelResult<PanelUnit>> DeleteServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelUnit>();

    public Task<PanelResult<IReadOnlyList<PanelLocation>>> ListLocationsAsync(CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelLocation>>();

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListNodesAsync(CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelNode>>();

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListDeployableNodesAsync(
        int memoryMb, int diskMb, IReadOnlyList<int> locationIds, CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelNode>>();

    public Task<PanelResult<IReadOnlyList<PanelAllocation>>> ListFreeAllocationsAsync(int nodeId, CancellationToken cancellationToken) =>
        Fail<IReadOnlyList<PanelAllocation>>();

    public Task<PanelResult<IReadOnlyList<PanelNest>>> ListNestsAsync(CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelNest>>();

    public Task<PanelResult<IReadOnlyList<PanelEgg>>> ListEggsAsync(int nestId, CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelEgg>>();

    private static Task<PanelResult<T>> Fail<T>() => Task.FromResult(PanelResult<T>.Fail(NotConnected));
}

/// <summary>Stands in while panel settings are not registered: no panel is set up.</summary>
public sealed class NoPanelConnectionSource : IPanelConnectionSource
{
    public Task<PanelConnection?> GetAsync(CancellationToken cancellationToken) => Task.FromResult<PanelConnection?>(null);
}
