namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// The demo panel's starting state, matching the demo catalog (DemoCatalogSeeder): nest 1 with Paper (egg 3) and
/// Bedrock (egg 5), nest 4 with Rust (egg 14), each with the same variables, defaults and rules; locations 1 and 2 with
/// room and free ports; location 3 with a node that is already full, so the order form can show "no room here"; and one
/// customer with a server, like the contract's fixtures.
/// </summary>
public static class DemoPanelSeed
{
    public static DemoPanelData Create(DateTimeOffset now)
    {
        var since = now.AddDays(-90);
        var data = new DemoPanelData
        {
            Locations =
            [
                new DemoLocation { Id = 1, Code = "za-jnb", Description = "Johannesburg, South Africa", CreatedAt = since },
                new DemoLocation { Id = 2, Code = "de-fra", Description = "Frankfurt, Germany", CreatedAt = since },
                new DemoLocation { Id = 3, Code = "us-nyc", Description = "New York, United States", CreatedAt = since },
            ],
            Nodes =
            [
                Node(1, "jnb-node-01", 1, memory: 65536, disk: 1_024_000, overallocate: 0, reservedMemory: 8192, reservedDisk: 40960, since),
                Node(2, "fra-node-01", 2, memory: 32768, disk: 512_000, overallocate: 10, reservedMemory: 4096, reservedDisk: 20480, since),
                // Every MiB already promised to other customers: deployments there find no node.
                Node(3, "nyc-node-01", 3, memory: 16384, disk: 256_000, overallocate: 0, reservedMemory: 16384, reservedDisk: 240_000, since),
            ],
            Nests =
            [
                Nest(1, "Minecraft", "Minecraft - the classic game from Mojang. With support for Vanilla MC, Spigot, and many others!", since),
                Nest(2, "Source Engine", "Includes support for most Source Dedicated Server games.", since),
                Nest(3, "Voice Servers", "Voice servers such as Mumble and Teamspeak 3.", since),
                Nest(4, "Rust", "Rust - A game where you must fight to survive.", since),
            ],
            Eggs = [Paper(since), Bedrock(since), Rust(since)],
            Users =
            [
                User(1, null, "admin", "admin@demo-panel.local", "Panel", "Admin", since, rootAdmin: true),
                User(12, "cust-1042", "alice.w", "alice@example.com", "Alice", "Walker", since, rootAdmin: false),
                User(19, null, "malice", "malice@example.com", "Mal", "Ice", since, rootAdmin: false),
            ],
        };
        data.Allocations.AddRange(Ports(firstId: 101, nodeId: 1, "198.51.100.10", count: 40));
        data.Allocations.AddRange(Ports(firstId: 201, nodeId: 2, "203.0.113.20", count: 30));
        data.Allocations.AddRange(Ports(firstId: 301, nodeId: 3, "192.0.2.30", count: 20));

        var paper = data.Egg(3);
        var server = new DemoServer
        {
            Id = 57,
            ExternalId = "svc-8812",
            Uuid = "9f0b5c1e-4a3d-4e7b-9a61-2d7c3b8e5f10",
            Name = "Alice's Paper Server",
            Description = "Order #8812 - Paper 4 GB",
            UserId = 12,
            NodeId = 1,
            AllocationId = 104,
            EggId = 3,
            Image = paper.DockerImages.Values.First(),
            Startup = paper.Startup,
            Memory = 4096,
            Disk = 20480,
            Cpu = 200,
            Databases = 2,
            AllocationLimit = 3,
            Backups = 3,
            Environment = paper.Variables.ToDictionary(v => v.EnvVariable, v => v.DefaultValue),
            CreatedAt = now.AddDays(-30),
            UpdatedAt = now.AddDays(-30),
        };
        data.Servers.Add(server);
        foreach (var allocation in data.Allocations.Where(a => a.Id is 104 or 106))
        {
            allocation.ServerId = server.Id;
        }

        return data;
    }

    private static DemoNode Node(
        int id, string name, int locationId, int memory, int disk, int overallocate, int reservedMemory, int reservedDisk, DateTimeOffset since) => new()
    {
        Id = id,
        Uuid = DeterministicUuid("node", id),
        Name = name,
        LocationId = locationId,
        Fqdn = $"{name}.demo-panel.local",
        Memory = memory,
        MemoryOverallocate = overallocate,
        Disk = disk,
        DiskOverallocate = overallocate,
        ReservedMemory = reservedMemory,
        ReservedDisk = reservedDisk,
        CreatedAt = since,
    };

    private static IEnumerable<DemoAllocation> Ports(int firstId, int nodeId, string ip, int count) =>
        Enumerable.Range(0, count).Select(i => new DemoAllocation { Id = firstId + i, NodeId = nodeId, Ip = ip, Port = 25565 + i });

    private static DemoNest Nest(int id, string name, string description, DateTimeOffset since) =>
        new() { Id = id, Uuid = DeterministicUuid("nest", id), Name = name, Description = description, CreatedAt = since };

    private static DemoUser User(int id, string? externalId, string username, string email, string first, string last, DateTimeOffset since, bool rootAdmin) => new()
    {
        Id = id,
        ExternalId = externalId,
        Uuid = DeterministicUuid("user", id),
        Username = username,
        Email = email,
        FirstName = first,
        LastName = last,
        RootAdmin = rootAdmin,
        CreatedAt = since,
        UpdatedAt = since,
    };

    private static DemoEgg Paper(DateTimeOffset since) => new()
    {
        Id = 3,
        NestId = 1,
        Uuid = DeterministicUuid("egg", 3),
        Name = "Paper",
        Description = "High performance Spigot fork that aims to fix gameplay and mechanics inconsistencies.",
        DockerImages = new()
        {
            ["Java 21"] = "ghcr.io/pterodactyl/yolks:java_21",
            ["Java 17"] = "ghcr.io/pterodactyl/yolks:java_17",
            ["Java 11"] = "ghcr.io/pterodactyl/yolks:java_11",
        },
        Startup = "java -Xms128M -XX:MaxRAMPercentage=95.0 -Dterminal.jline=false -Dterminal.ansi=true -jar {{SERVER_JARFILE}}",
        Variables =
        [
            Variable(7, "Minecraft Version", "MINECRAFT_VERSION", "latest", "nullable|string|max:20", editable: true),
            Variable(8, "Server Jar File", "SERVER_JARFILE", "server.jar", "required|regex:/^([\\w\\d._-]+)(\\.jar)$/", editable: true),
            Variable(9, "Download Path", "DL_PATH", "", "nullable|string", editable: false),
            Variable(10, "Build Number", "BUILD_NUMBER", "latest", "required|string|max:20", editable: true),
        ],
        CreatedAt = since,
    };

    private static DemoEgg Bedrock(DateTimeOffset since) => new()
    {
        Id = 5,
        NestId = 1,
        Uuid = DeterministicUuid("egg", 5),
        Name = "Bedrock",
        Description = "Bedrock Dedicated Server for Minecraft: Bedrock Edition.",
        DockerImages = new() { ["Debian"] = "ghcr.io/parkervcp/yolks:debian" },
        Startup = "./bedrock_server",
        Variables =
        [
            Variable(20, "Bedrock Version", "BEDROCK_VERSION", "latest", "required|string", editable: true),
            Variable(21, "Library Path", "LD_LIBRARY_PATH", ".", "required|string", editable: false),
            Variable(22, "Server Name", "SERVERNAME", "Bedrock Dedicated Server", "required|string|max:50", editable: true),
            Variable(23, "Gamemode", "GAMEMODE", "survival", "required|string|in:survival,creative,adventure", editable: true),
            Variable(24, "Difficulty", "DIFFICULTY", "easy", "required|string|in:peaceful,easy,normal,hard", editable: true),
        ],
        CreatedAt = since,
    };

    private static DemoEgg Rust(DateTimeOffset since) => new()
    {
        Id = 14,
        NestId = 4,
        Uuid = DeterministicUuid("egg", 14),
        Name = "Rust",
        Description = "The only aim in Rust is to survive.",
        DockerImages = new() { ["Rust"] = "ghcr.io/pterodactyl/games:rust" },
        Startup = "./RustDedicated -batchmode +server.port {{SERVER_PORT}} +server.identity \"rust\" +rcon.port {{RCON_PORT}} +rcon.web true "
            + "+server.hostname \"{{HOSTNAME}}\" +server.level \"{{LEVEL}}\" +server.maxplayers {{MAX_PLAYERS}} "
            + "+server.worldsize \"{{WORLD_SIZE}}\" +rcon.password \"{{RCON_PASS}}\"",
        Variables =
        [
            Variable(40, "Server Name", "HOSTNAME", "A Rust Server", "required|string|max:60", editable: true),
            Variable(41, "Level", "LEVEL", "Procedural Map", "required|string|max:20", editable: true),
            Variable(42, "Max Players", "MAX_PLAYERS", "50", "required|integer", editable: true),
            Variable(43, "World Size", "WORLD_SIZE", "3000", "required|integer", editable: true),
            Variable(44, "RCON Port", "RCON_PORT", "28016", "required|integer", editable: false),
            Variable(45, "RCON Password", "RCON_PASS", "CHANGEME", "required|string|max:64", editable: true),
        ],
        CreatedAt = since,
    };

    private static DemoEggVariable Variable(int id, string name, string env, string defaultValue, string rules, bool editable) => new()
    {
        Id = id,
        Name = name,
        Description = name + ".",
        EnvVariable = env,
        DefaultValue = defaultValue,
        UserViewable = editable,
        UserEditable = editable,
        Rules = rules,
    };

    /// <summary>Stable uuids so the seed reads the same on every start.</summary>
    private static string DeterministicUuid(string kind, int id)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"demo-panel:{kind}:{id}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
