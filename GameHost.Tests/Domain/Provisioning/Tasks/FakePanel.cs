using GameHost.Domain.Provisioning.Panel;

namespace GameHost.Tests.Domain.Provisioning.Tasks;

/// <summary>
/// An in-memory panel behind <see cref="IPterodactylApi"/> that behaves as the contract describes: substring e-mail
/// search, unique e-mail/username/external ids answered with 422 "unique", servers created installing, suspend and
/// unsuspend idempotent, delete then 404. Tests script failures per operation ("the next N calls fail with …"),
/// including "commit then fail" creates, and read what was called. Thread-safe, for concurrent processors.
/// </summary>
public sealed class FakePanel : IPterodactylApi
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<PanelFailure>> _failures = new(StringComparer.Ordinal);
    private readonly Queue<PanelFailure> _createCommitThenFail = new();
    private int _nextUserId = 100;
    private int _nextServerId = 500;
    private int _nextAllocationId = 9000;

    public List<PanelUser> Users { get; } = [];

    public Dictionary<int, PanelServer> Servers { get; } = [];

    /// <summary>Every call by operation name, in order.</summary>
    public List<string> Calls { get; } = [];

    public List<NewPanelServer> CreateRequests { get; } = [];

    /// <summary>Runs (under the panel's lock) before each call with the operation's name: lets a test change the panel mid-flow.</summary>
    public Action<string>? BeforeCall { get; set; }

    public List<PanelStartup> StartupRequests { get; } = [];

    public List<PanelBuild> BuildRequests { get; } = [];

    public List<(int UserId, PanelUserUpdate Update)> UserUpdates { get; } = [];

    public int Count(string operation)
    {
        lock (_gate)
        {
            return Calls.Count(c => c == operation);
        }
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="operation"/> fail with <paramref name="failure"/>.</summary>
    public void Fail(string operation, PanelFailure failure, int times = 1)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(operation, out var queue))
            {
                _failures[operation] = queue = new Queue<PanelFailure>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(failure);
            }
        }
    }

    /// <summary>The next create makes the server, then answers with <paramref name="failure"/> (a timeout after the commit).</summary>
    public void CommitThenFail(PanelFailure failure)
    {
        lock (_gate)
        {
            _createCommitThenFail.Enqueue(failure);
        }
    }

    public static PanelFailure Failure(PanelFailureKind kind, int? status = null, string code = "Test", string detail = "Scripted failure.", string? field = null, string? rule = null, TimeSpan? retryAfter = null) =>
        new(kind, status, code, detail, field, rule, retryAfter);

    public PanelUser AddUser(string email, string? externalId = null, string? username = null)
    {
        lock (_gate)
        {
            var user = new PanelUser(_nextUserId++, externalId, Guid.NewGuid().ToString(), username ?? email.Split('@')[0], email, "Someone", "Else", "en");
            Users.Add(user);
            return user;
        }
    }

    /// <summary>Puts a server on the panel as if someone (or an earlier attempt) created it.</summary>
    public PanelServer AddServer(string externalId, int userId, int eggId, string? status = "installing")
    {
        lock (_gate)
        {
            return Store(externalId, "Existing", userId, eggId, "image", "start", new Dictionary<string, string>(), new PanelLimits(1024, 0, 1024, 500, 100, null, false),
                new PanelFeatureLimits(0, 1, 0), status, nodeId: 1);
        }
    }

    public void SetStatus(int serverId, string? status)
    {
        lock (_gate)
        {
            Servers[serverId] = Servers[serverId] with { Status = status };
        }
    }

    public void FinishInstalls(string? status = null)
    {
        lock (_gate)
        {
            foreach (var id in Servers.Where(s => s.Value.Status == "installing").Select(s => s.Key).ToList())
            {
                Servers[id] = Servers[id] with { Status = status };
            }
        }
    }

    public Task<PanelResult<PanelUser?>> GetUserByExternalIdAsync(string externalId, CancellationToken cancellationToken) =>
        Run<PanelUser?>("GetUserByExternalId", () => Users.FirstOrDefault(u => string.Equals(u.ExternalId, externalId, StringComparison.OrdinalIgnoreCase)));

    public Task<PanelResult<IReadOnlyList<PanelUser>>> SearchUsersByEmailAsync(string email, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PanelUser>>("SearchUsersByEmail", () => Users.Where(u => u.Email.Contains(email, StringComparison.OrdinalIgnoreCase)).ToList());

    public Task<PanelResult<PanelUser>> CreateUserAsync(NewPanelUser user, CancellationToken cancellationToken) =>
        RunRaw("CreateUser", () =>
        {
            if (Users.Any(u => string.Equals(u.Email, user.Email, StringComparison.OrdinalIgnoreCase)))
            {
                return PanelResult<PanelUser>.Fail(Unique("email", "The email has already been taken."));
            }

            if (Users.Any(u => string.Equals(u.Username, user.Username, StringComparison.OrdinalIgnoreCase)))
            {
                return PanelResult<PanelUser>.Fail(Unique("username", "The username has already been taken."));
            }

            if (user.Username.Length < 3 || user.Username.Contains('@', StringComparison.Ordinal) || user.LastName.Length == 0 || user.FirstName.Length == 0)
            {
                return PanelResult<PanelUser>.Fail(new PanelFailure(PanelFailureKind.InvalidRequest, 422, "ValidationException", "Invalid user.", "username", "p_username"));
            }

            var created = new PanelUser(_nextUserId++, user.ExternalId, Guid.NewGuid().ToString(), user.Username.ToLowerInvariant(), user.Email,
                user.FirstName, user.LastName, user.Language);
            Users.Add(created);
            return PanelResult<PanelUser>.Success(created);
        });

    public Task<PanelResult<PanelUser>> UpdateUserAsync(int userId, PanelUserUpdate update, CancellationToken cancellationToken) =>
        RunRaw("UpdateUser", () =>
        {
            var index = Users.FindIndex(u => u.Id == userId);
            if (index < 0)
            {
                return PanelResult<PanelUser>.Fail(NotFound());
            }

            UserUpdates.Add((userId, update));
            var updated = Users[index] with
            {
                Email = update.Email, Username = update.Username, FirstName = update.FirstName, LastName = update.LastName, ExternalId = update.ExternalId,
            };
            Users[index] = updated;
            return PanelResult<PanelUser>.Success(updated);
        });

    public Task<PanelResult<PanelServer?>> GetServerByExternalIdAsync(string externalId, CancellationToken cancellationToken) =>
        Run<PanelServer?>("GetServerByExternalId", () => Servers.Values.FirstOrDefault(s => string.Equals(s.ExternalId, externalId, StringComparison.OrdinalIgnoreCase)));

    public Task<PanelResult<PanelServer?>> GetServerAsync(int serverId, CancellationToken cancellationToken) =>
        Run<PanelServer?>("GetServer", () => Servers.GetValueOrDefault(serverId));

    public Task<PanelResult<PanelServer>> CreateServerAsync(NewPanelServer server, CancellationToken cancellationToken) =>
        RunRaw("CreateServer", () =>
        {
            CreateRequests.Add(server);
            if (Servers.Values.Any(s => string.Equals(s.ExternalId, server.ExternalId, StringComparison.OrdinalIgnoreCase)))
            {
                return PanelResult<PanelServer>.Fail(Unique("external_id", "The external id has already been taken."));
            }

            var created = Store(server.ExternalId, server.Name, server.UserId, server.EggId, server.DockerImage, server.Startup, server.Environment,
                server.Limits, server.FeatureLimits, "installing", nodeId: 1);
            return _createCommitThenFail.TryDequeue(out var failure) ? PanelResult<PanelServer>.Fail(failure) : PanelResult<PanelServer>.Success(created);
        });

    public Task<PanelResult<PanelServer>> UpdateServerBuildAsync(int serverId, PanelBuild build, CancellationToken cancellationToken) =>
        RunRaw("UpdateServerBuild", () =>
        {
            BuildRequests.Add(build);
            if (!Servers.TryGetValue(serverId, out var server))
            {
                return PanelResult<PanelServer>.Fail(NotFound());
            }

            Servers[serverId] = server with { Limits = build.Limits, FeatureLimits = build.FeatureLimits, AllocationId = build.AllocationId };
            return PanelResult<PanelServer>.Success(Servers[serverId]);
        });

    public Task<PanelResult<PanelServer>> UpdateServerStartupAsync(int serverId, PanelStartup startup, CancellationToken cancellationToken) =>
        RunRaw("UpdateServerStartup", () =>
        {
            StartupRequests.Add(startup);
            if (!Servers.TryGetValue(serverId, out var server))
            {
                return PanelResult<PanelServer>.Fail(NotFound());
            }

            // A non-empty environment rewrites every variable: what is left out becomes empty (contract §6.10).
            Servers[serverId] = server with
            {
                StartupCommand = startup.Startup, EggId = startup.EggId, Image = startup.Image,
                Environment = startup.Environment.Count == 0 ? server.Environment : new Dictionary<string, string>(startup.Environment),
            };
            return PanelResult<PanelServer>.Success(Servers[serverId]);
        });

    public Task<PanelResult<PanelServer>> UpdateServerDetailsAsync(int serverId, PanelServerDetails details, CancellationToken cancellationToken) =>
        RunRaw("UpdateServerDetails", () => Servers.TryGetValue(serverId, out var server)
            ? PanelResult<PanelServer>.Success(Servers[serverId] = server with { Name = details.Name, UserId = details.UserId, ExternalId = details.ExternalId })
            : PanelResult<PanelServer>.Fail(NotFound()));

    public Task<PanelResult<PanelUnit>> SuspendServerAsync(int serverId, CancellationToken cancellationToken) =>
        RunRaw("SuspendServer", () => SetStatusOf(serverId, "suspended"));

    public Task<PanelResult<PanelUnit>> UnsuspendServerAsync(int serverId, CancellationToken cancellationToken) =>
        RunRaw("UnsuspendServer", () => SetStatusOf(serverId, null));

    public Task<PanelResult<PanelUnit>> ReinstallServerAsync(int serverId, CancellationToken cancellationToken) =>
        RunRaw("ReinstallServer", () => SetStatusOf(serverId, "installing"));

    public Task<PanelResult<PanelUnit>> DeleteServerAsync(int serverId, CancellationToken cancellationToken) =>
        RunRaw("DeleteServer", () => Servers.Remove(serverId) ? PanelResult<PanelUnit>.Success(default) : PanelResult<PanelUnit>.Fail(NotFound()));

    public Task<PanelResult<IReadOnlyList<PanelLocation>>> ListLocationsAsync(CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PanelLocation>>("ListLocations", () => [new PanelLocation(1, "za-jnb", "Johannesburg")]);

    public List<PanelNode> Nodes { get; } = [];

    public Dictionary<int, List<PanelAllocation>> FreeAllocations { get; } = [];

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListNodesAsync(CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PanelNode>>("ListNodes", () => Nodes.ToList());

    public Task<PanelResult<IReadOnlyList<PanelNode>>> ListDeployableNodesAsync(int memoryMb, int diskMb, IReadOnlyList<int> locationIds, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PanelNode>>("ListDeployableNodes", () => Nodes.Where(n => n.Public && (locationIds.Count == 0 || locationIds.Contains(n.LocationId))).ToList());

    public Task<PanelResult<IReadOnlyList<PanelAllocation>>> ListFreeAllocationsAsync(int nodeId, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PanelAllocation>>("ListFreeAllocations", () => FreeAllocations.GetValueOrDefault(nodeId) ?? []);

    public Task<PanelResult<IReadOnlyList<PanelNest>>> ListNestsAsync(CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PanelNest>>("ListNests", () => []);

    public Task<PanelResult<IReadOnlyList<PanelEgg>>> ListEggsAsync(int nestId, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PanelEgg>>("ListEggs", () => []);

    private PanelResult<PanelUnit> SetStatusOf(int serverId, string? status)
    {
        if (!Servers.TryGetValue(serverId, out var server))
        {
            return PanelResult<PanelUnit>.Fail(NotFound());
        }

        Servers[serverId] = server with { Status = status };
        return PanelResult<PanelUnit>.Success(default);
    }

    private PanelServer Store(
        string externalId, string name, int userId, int eggId, string image, string startup, IReadOnlyDictionary<string, string> environment,
        PanelLimits limits, PanelFeatureLimits features, string? status, int nodeId)
    {
        var id = _nextServerId++;
        var allocation = new PanelAllocation(_nextAllocationId++, "203.0.113.10", "play.example.test", 25565 + id - 500, true);
        var other = new PanelAllocation(_nextAllocationId++, "203.0.113.10", null, 30000 + id, true);
        var uuid = Guid.NewGuid().ToString();
        var environmentWithPanelKeys = new Dictionary<string, string>(environment) { ["STARTUP"] = startup, ["P_SERVER_UUID"] = uuid };
        var server = new PanelServer(id, externalId, uuid, uuid[..8], name, "", status, userId, nodeId, allocation.Id, 1, eggId, limits, features,
            image, startup, environmentWithPanelKeys, [other, allocation]);
        Servers[id] = server;
        return server;
    }

    private Task<PanelResult<T>> Run<T>(string operation, Func<T> action) => RunRaw(operation, () => PanelResult<T>.Success(action()));

    private async Task<PanelResult<T>> RunRaw<T>(string operation, Func<PanelResult<T>> action)
    {
        // Let concurrent callers interleave as they would over HTTP.
        await Task.Yield();
        lock (_gate)
        {
            Calls.Add(operation);
            BeforeCall?.Invoke(operation);
            if (_failures.TryGetValue(operation, out var queue) && queue.TryDequeue(out var failure))
            {
                return PanelResult<T>.Fail(failure);
            }

            return action();
        }
    }

    private static PanelFailure Unique(string field, string detail) =>
        new(PanelFailureKind.Duplicate, 422, "ValidationException", detail, field, "unique");

    private static PanelFailure NotFound() => new(PanelFailureKind.NotFound, 404, "NotFoundHttpException", "The requested resource could not be found on the server.");
}
