using GameHost.Domain.Provisioning.Panel;

namespace GameHost.Tests.Domain.Provisioning.Settings;

/// <summary>
/// An in-memory panel for the catalogue calls (locations, nodes, free allocations, nests, eggs), with the invented
/// data of the contract's fixtures by default: location 1 "za-jnb" → node 3 → twelve ports; nest 1 → egg 3 "Paper".
/// A failure can be planted on any call by name; every call is counted.
/// </summary>
public sealed class FakePanelApi : IPterodactylApi
{
    public List<PanelLocation> Locations { get; } = [new(1, "za-jnb", "Johannesburg"), new(2, "de-fra", "Frankfurt")];

    public List<PanelNode> Nodes { get; } =
    [
        new(3, "jnb-node-1", 1, Public: true, MaintenanceMode: false, "node1.jnb.example.com", 16384, 0, 102400, 0, 4096, 20480),
        new(4, "fra-node-1", 2, Public: true, MaintenanceMode: true, "node1.fra.example.com", 8192, -1, 51200, 50, 0, 0),
    ];

    public Dictionary<int, List<PanelAllocation>> FreeAllocations { get; } = new()
    {
        [3] = Enumerable.Range(0, 12).Select(i => new PanelAllocation(101 + i, "10.0.0.3", null, 25565 + i, false)).ToList(),
        [4] = [new PanelAllocation(201, "10.0.0.4", "fra.example.com", 25565, false)],
    };

    public List<PanelNest> Nests { get; } = [new(1, "Minecraft", "Minecraft - the classic game from Mojang.")];

    public Dictionary<int, List<PanelEgg>> Eggs { get; } = new()
    {
        [1] =
        [
            new PanelEgg(3, 1, "Paper", "High performance Spigot fork.",
                new Dictionary<string, string> { ["Java 21"] = "ghcr.io/pterodactyl/yolks:java_21", ["Java 17"] = "ghcr.io/pterodactyl/yolks:java_17" },
                "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}",
                [
                    new PanelEggVariable("Server Jar File", "The name of the server jarfile to run.", "SERVER_JARFILE", "server.jar", true, true,
                        "required|regex:/^([\\w\\d._-]+)(\\.jar)$/"),
                    new PanelEggVariable("Build Number", "The build to download.", "BUILD_NUMBER", "latest", true, true, "required|string|max:20"),
                    new PanelEggVariable("Max Players", "Player slots.", "MAX_PLAYERS", "20", true, false, "required|integer|min:1|max:500"),
                ]),
            new PanelEgg(5, 1, "Forge", "Modded Minecraft.",
                new Dictionary<string, string> { ["Java 17"] = "ghcr.io/pterodactyl/yolks:java_17" },
                "java -jar {{SERVER_JARFILE}}",
                [new PanelEggVariable("Server Jar File", "Jar.", "SERVER_JARFILE", "forge.jar", true, true, "required|string")]),
        ],
    };

    /// <summary>Call name (e.g. <c>ListNests</c>) → the failure that call answers.</summary>
    public Dictionary<string, PanelFailure> Failures { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public static PanelFailure Failure(PanelFailureKind kind, int? status, string code, string detail) => new(kind, status, code, detail);

    public Task<PanelResult<IReadOnlyList<PanelLocation>>> ListLocationsAsync(CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<PanelLocation>>("ListLocations", () => Locations.ToList());

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListNodesAsync(CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<PanelNode>>("ListNodes", () => Nodes.ToList());

    public Task<PanelResult<IReadOnlyList<PanelAllocation>>> ListFreeAllocationsAsync(int nodeId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<PanelAllocation>>("ListFreeAllocations", () => FreeAllocations.GetValueOrDefault(nodeId, []).ToList());

    public Task<PanelResult<IReadOnlyList<PanelNest>>> ListNestsAsync(CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<PanelNest>>("ListNests", () => Nests.ToList());

    public Task<PanelResult<IReadOnlyList<PanelEgg>>> ListEggsAsync(int nestId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<PanelEgg>>("ListEggs", () => Eggs.GetValueOrDefault(nestId, []).ToList());

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListDeployableNodesAsync(
        int memoryMb, int diskMb, IReadOnlyList<int> locationIds, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelUser?>> GetUserByExternalIdAsync(string externalId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<IReadOnlyList<PanelUser>>> SearchUsersByEmailAsync(string email, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelUser>> CreateUserAsync(NewPanelUser user, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelUser>> UpdateUserAsync(int userId, PanelUserUpdate update, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelServer?>> GetServerByExternalIdAsync(string externalId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelServer?>> GetServerAsync(int serverId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelServer>> CreateServerAsync(NewPanelServer server, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelServer>> UpdateServerBuildAsync(int serverId, PanelBuild build, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelServer>> UpdateServerStartupAsync(int serverId, PanelStartup startup, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelServer>> UpdateServerDetailsAsync(int serverId, PanelServerDetails details, CancellationToken cancellationToken) =>
        throw NotUsed();

    public Task<PanelResult<PanelUnit>> SuspendServerAsync(int serverId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelUnit>> UnsuspendServerAsync(int serverId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelUnit>> ReinstallServerAsync(int serverId, CancellationToken cancellationToken) => throw NotUsed();

    public Task<PanelResult<PanelUnit>> DeleteServerAsync(int serverId, CancellationToken cancellationToken) => throw NotUsed();

    private Task<PanelResult<T>> Answer<T>(string call, Func<T> value)
    {
        Calls.Add(call);
        return Task.FromResult(Failures.TryGetValue(call, out var failure) ? PanelResult<T>.Fail(failure) : PanelResult<T>.Success(value()));
    }

    private static NotSupportedException NotUsed() => new("The catalogue fake does not serve server or user calls.");
}
