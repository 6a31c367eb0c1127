using GameHost.Domain.Provisioning.Panel;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>
/// Stands in for the panel adapter until one is registered: every call answers "no panel connected" as a
/// <see cref="PanelFailureKind.Credentials"/> failure, which stops provisioning in the admin queue instead of
/// pretending to succeed. Registered with TryAdd, so the real adapter wins whatever the order of registration.
/// </summary>
public sealed class NoPanelApi : IPterodactylApi
{
    public const string NotConfiguredCode = "NotConfigured";

    private static readonly PanelFailure NoPanel = new(
        PanelFailureKind.Credentials, HttpStatus: null, NotConfiguredCode, "No panel is connected. Connect one under Settings → Panel.");

    public Task<PanelResult<PanelUser?>> GetUserByExternalIdAsync(string externalId, CancellationToken cancellationToken) => Fail<PanelUser?>();

    public Task<PanelResult<IReadOnlyList<PanelUser>>> SearchUsersByEmailAsync(string email, CancellationToken cancellationToken) =>
        Fail<IReadOnlyList<PanelUser>>();

    public Task<PanelResult<PanelUser>> CreateUserAsync(NewPanelUser user, CancellationToken cancellationToken) => Fail<PanelUser>();

    public Task<PanelResult<PanelUser>> UpdateUserAsync(int userId, PanelUserUpdate update, CancellationToken cancellationToken) => Fail<PanelUser>();

    public Task<PanelResult<PanelServer?>> GetServerByExternalIdAsync(string externalId, CancellationToken cancellationToken) => Fail<PanelServer?>();

    public Task<PanelResult<PanelServer?>> GetServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelServer?>();

    public Task<PanelResult<PanelServer>> CreateServerAsync(NewPanelServer server, CancellationToken cancellationToken) => Fail<PanelServer>();

    public Task<PanelResult<PanelServer>> UpdateServerBuildAsync(int serverId, PanelBuild build, CancellationToken cancellationToken) =>
        Fail<PanelServer>();

    public Task<PanelResult<PanelServer>> UpdateServerStartupAsync(int serverId, PanelStartup startup, CancellationToken cancellationToken) =>
        Fail<PanelServer>();

    public Task<PanelResult<PanelServer>> UpdateServerDetailsAsync(int serverId, PanelServerDetails details, CancellationToken cancellationToken) =>
        Fail<PanelServer>();

    public Task<PanelResult<PanelUnit>> SuspendServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelUnit>();

    public Task<PanelResult<PanelUnit>> UnsuspendServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelUnit>();

    public Task<PanelResult<PanelUnit>> ReinstallServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelUnit>();

    public Task<PanelResult<PanelUnit>> DeleteServerAsync(int serverId, CancellationToken cancellationToken) => Fail<PanelUnit>();

    public Task<PanelResult<IReadOnlyList<PanelLocation>>> ListLocationsAsync(CancellationToken cancellationToken) =>
        Fail<IReadOnlyList<PanelLocation>>();

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListNodesAsync(CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelNode>>();

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListDeployableNodesAsync(
        int memoryMb, int diskMb, IReadOnlyList<int> locationIds, CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelNode>>();

    public Task<PanelResult<IReadOnlyList<PanelAllocation>>> ListFreeAllocationsAsync(int nodeId, CancellationToken cancellationToken) =>
        Fail<IReadOnlyList<PanelAllocation>>();

    public Task<PanelResult<IReadOnlyList<PanelNest>>> ListNestsAsync(CancellationToken cancellationToken) => Fail<IReadOnlyList<PanelNest>>();

    public Task<PanelResult<IReadOnlyList<PanelEgg>>> ListEggsAsync(int nestId, CancellationToken cancellationToken) =>
        Fail<IReadOnlyList<PanelEgg>>();

    private static Task<PanelResult<T>> Fail<T>() => Task.FromResult(PanelResult<T>.Fail(NoPanel));
}
