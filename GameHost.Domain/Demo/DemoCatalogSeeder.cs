using GameHost.Domain.Audit;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Demo;

/// <summary>
/// A realistic demo catalog: Minecraft Java (Paper), Minecraft Bedrock and Rust in three sizes each, priced in ZAR and
/// USD for 1, 3, 6 and 12 months (longer periods cost less per month), an hourly Paper and a daily Rust tariff paid
/// as you go, two resource pool plans, four add-ons and the WELCOME10 code. Panel ids
/// follow the Pterodactyl contract's fixtures (nest 1 egg 3 = Paper, location 1 = Frankfurt, location 2 = New York).
/// Runs once: when the first demo game exists it changes nothing.
/// </summary>
public sealed class DemoCatalogSeeder(GameHostDbContext db, TimeProvider time)
{
    public const string WelcomeCode = "WELCOME10";

    private static readonly AuditActor Seed = new(null, "Demo catalog");

    /// <summary>Longer prepaid periods are cheaper per month: 5 %, 10 % and 15 % off for 3, 6 and 12 months.</summary>
    private static readonly (BillingPeriod Period, int Months, int PercentOff)[] Periods =
    [
        (BillingPeriod.Month1, 1, 0), (BillingPeriod.Month3, 3, 5), (BillingPeriod.Month6, 6, 10), (BillingPeriod.Month12, 12, 15),
    ];

    /// <returns>Whether anything was added.</returns>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Games().AnyAsync(g => g.Key == "minecraft-java", cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var addOns = AddOns(now);
        db.AddOns().AddRange(addOns);
        var addOnIds = addOns.Select(a => a.Id).ToList();

        var java = AddGame("minecraft-java", new LocalizedText("Minecraft: Java Edition", "Minecraft: Java Edition"), 1, now);
        var paper = new GameConfig(1, 3, "ghcr.io/pterodactyl/yolks:java_21",
            "java -Xms128M -XX:MaxRAMPercentage=95.0 -Dterminal.jline=false -Dterminal.ansi=true -jar {{SERVER_JARFILE}}");
        EggVariableSpec[] paperVariables =
        [
            new("MINECRAFT_VERSION", "Minecraft Version", "latest", "nullable|string|max:20", CustomerSettable: true),
            new("SERVER_JARFILE", "Server Jar File", "server.jar", "required|regex:/^([\\w\\d._-]+)(\\.jar)$/", CustomerSettable: false),
            new("DL_PATH", "Download Path", "", "nullable|string", CustomerSettable: false),
            new("BUILD_NUMBER", "Build Number", "latest", "required|string|max:20", CustomerSettable: true),
        ];
        AddSizes(java, "paper", "Paper", paper, paperVariables, setupFee: null, now, addOnIds,
            (2, 600, 9900, 1), (4, 1100, 18900, 2), (8, 2000, 34900, 3));

        var bedrock = AddGame("minecraft-bedrock", new LocalizedText("Minecraft: Bedrock Edition", "Minecraft: Bedrock Edition"), 2, now);
        var bedrockEgg = new GameConfig(1, 5, "ghcr.io/parkervcp/yolks:debian", "./bedrock_server");
        EggVariableSpec[] bedrockVariables =
        [
            new("BEDROCK_VERSION", "Bedrock Version", "latest", "required|string", CustomerSettable: true),
            new("LD_LIBRARY_PATH", "Library Path", ".", "required|string", CustomerSettable: false),
            new("SERVERNAME", "Server Name", "Bedrock Dedicated Server", "required|string|max:50", CustomerSettable: true),
            new("GAMEMODE", "Gamemode", "survival", "required|string|in:survival,creative,adventure", CustomerSettable: true),
            new("DIFFICULTY", "Difficulty", "easy", "required|string|in:peaceful,easy,normal,hard", CustomerSettable: true),
        ];
        AddSizes(bedrock, "bedrock", "Bedrock", bedrockEgg, bedrockVariables, setupFee: null, now, addOnIds,
            (2, 500, 8500, 1), (4, 900, 15900, 2), (8, 1600, 28900, 3));

        var rust = AddGame("rust", LocalizedText.Same("Rust"), 3, now);
        var rustEgg = new GameConfig(4, 14, "ghcr.io/pterodactyl/games:rust",
            "./RustDedicated -batchmode +server.port {{SERVER_PORT}} +server.identity \"rust\" +rcon.port {{RCON_PORT}} +rcon.web true "
            + "+server.hostname \"{{HOSTNAME}}\" +server.level \"{{LEVEL}}\" +server.maxplayers {{MAX_PLAYERS}} "
            + "+server.worldsize \"{{WORLD_SIZE}}\" +rcon.password \"{{RCON_PASS}}\"");
        EggVariableSpec[] rustVariables =
        [
            new("HOSTNAME", "Server Name", "A Rust Server", "required|string|max:60", CustomerSettable: true),
            new("LEVEL", "Level", "Procedural Map", "required|string|max:20", CustomerSettable: true),
            new("MAX_PLAYERS", "Max Players", "50", "required|integer", CustomerSettable: true),
            new("WORLD_SIZE", "World Size", "3000", "required|integer", CustomerSettable: true),
            new("RCON_PORT", "RCON Port", "28016", "required|integer", CustomerSettable: false),
            new("RCON_PASS", "RCON Password", "CHANGEME", "required|string|max:64", CustomerSettable: true),
        ];
        // Rust worlds take a while to generate on a fresh node: a one-time setup fee covers it.
        AddSizes(rust, "rust", "Rust", rustEgg, rustVariables, setupFee: (500, 8500), now, addOnIds,
            (8, 1500, 25900, 1), (12, 2200, 37900, 2), (16, 2900, 49900, 3));

        // Pay-as-you-go: charged from the balance per started hour or day (the order pays the first unit).
        AddPayAsYouGo(java, "paper-hourly", new LocalizedText("Paper 4 GB hourly", "Paper 4 GB por hora"), paper, paperVariables, 4, 2,
            BillingPeriod.Hour, usd: 3, zar: 45, now, addOnIds);
        AddPayAsYouGo(rust, "rust-daily", new LocalizedText("Rust 8 GB daily", "Rust 8 GB por día"), rustEgg, rustVariables, 8, 1,
            BillingPeriod.Day, usd: 75, zar: 1200, now, addOnIds);

        // Resource pools: one price for memory, disk, CPU and server slots the customer splits as they like.
        AddPoolPlan(new LocalizedText("Pool 8 GB", "Pool 8 GB"), 8192, 102_400, 300, 3, usd: 1800, zar: 32_000, now);
        AddPoolPlan(new LocalizedText("Pool 16 GB", "Pool 16 GB"), 16_384, 204_800, 600, 6, usd: 3300, zar: 59_000, now);

        db.PromoCodes().Add(new PromoCode
        {
            Id = Guid.NewGuid(),
            Code = WelcomeCode,
            NormalizedCode = PromoCode.Normalize(WelcomeCode),
            Kind = PromoDiscountKind.Percent,
            PercentBasisPoints = 1000,
            AppliesTo = PromoAppliesTo.FirstPeriod,
            DiscountedPeriods = 1,
            PerCustomerLimit = 1,
            ConcurrencyToken = Guid.NewGuid(),
            CreatedAtUtc = now,
        });
        return true;
    }

    private Game AddGame(string key, LocalizedText name, int order, DateTime now)
    {
        var game = new Game { Id = Guid.NewGuid(), Key = key, Name = name, DisplayOrder = order, CreatedAtUtc = now };
        db.Games().Add(game);
        return game;
    }

    private void AddSizes(
        Game game,
        string slugPrefix,
        string label,
        GameConfig egg,
        EggVariableSpec[] variables,
        (long Usd, long Zar)? setupFee,
        DateTime now,
        IReadOnlyList<Guid> addOnIds,
        params (int Gb, long UsdMonthly, long ZarMonthly, int Tier)[] sizes)
    {
        foreach (var size in sizes)
        {
            var tariff = new Tariff
            {
                Id = Guid.NewGuid(),
                Slug = $"{slugPrefix}-{size.Gb}gb",
                GameId = game.Id,
                Visibility = TariffVisibility.Public,
                BillingModel = BillingModel.PrepaidPeriodic,
                DisplayOrder = size.Tier,
                CurrentVersionNumber = 1,
                ConcurrencyToken = Guid.NewGuid(),
                CreatedAtUtc = now,
                AddOns = addOnIds.Select(id => new TariffAddOn { AddOnId = id }).ToList(),
            };
            var memory = size.Gb * 1024;
            var content = new TariffVersionContent(
                new LocalizedText($"{label} {size.Gb} GB", $"{label} {size.Gb} GB"),
                new LocalizedText(
                    $"{size.Gb} GB RAM, {size.Tier + 1} vCPU, NVMe storage and daily backups.",
                    $"{size.Gb} GB de RAM, {size.Tier + 1} vCPU, almacenamiento NVMe y copias diarias."),
                egg,
                variables,
                new ResourceLimits(memory, 0, memory * 5, 100 * (size.Tier + 1), null, 500, false),
                new FeatureLimits(Databases: size.Tier, Backups: size.Tier + 1, Allocations: size.Tier),
                LocationIds: size.Tier == 3 ? [1] : [1, 2],
                NodeIds: [],
                SetupFees: setupFee is { } fee ? [new Money(fee.Usd, Currency.USD), new Money(fee.Zar, Currency.ZAR)] : [],
                TrialDays: 0,
                Prices: [.. PeriodPrices(size.UsdMonthly, Currency.USD), .. PeriodPrices(size.ZarMonthly, Currency.ZAR)]);
            tariff.Versions.Add(content.ToVersion(tariff.Id, 1, now, Seed));
            db.Tariffs().Add(tariff);
        }
    }

    private void AddPayAsYouGo(
        Game game, string slug, LocalizedText name, GameConfig egg, EggVariableSpec[] variables, int gb, int tier, BillingPeriod unit,
        long usd, long zar, DateTime now, IReadOnlyList<Guid> addOnIds)
    {
        var tariff = new Tariff
        {
            Id = Guid.NewGuid(),
            Slug = slug,
            GameId = game.Id,
            Visibility = TariffVisibility.Public,
            BillingModel = unit.ModelOf(),
            DisplayOrder = 10 + tier,
            CurrentVersionNumber = 1,
            ConcurrencyToken = Guid.NewGuid(),
            CreatedAtUtc = now,
            AddOns = addOnIds.Select(id => new TariffAddOn { AddOnId = id }).ToList(),
        };
        var memory = gb * 1024;
        var content = new TariffVersionContent(
            name,
            unit == BillingPeriod.Hour
                ? new LocalizedText($"{gb} GB RAM billed per started hour from your balance: run it for an event, stop paying after.",
                    $"{gb} GB de RAM cobrados por hora iniciada de tu saldo: úsalo para un evento y deja de pagar después.")
                : new LocalizedText($"{gb} GB RAM billed per started day from your balance, no commitment.",
                    $"{gb} GB de RAM cobrados por día iniciado de tu saldo, sin permanencia."),
            egg,
            variables,
            new ResourceLimits(memory, 0, memory * 5, 100 * (tier + 1), null, 500, false),
            new FeatureLimits(Databases: tier, Backups: tier + 1, Allocations: tier),
            LocationIds: [1, 2],
            NodeIds: [],
            SetupFees: [],
            TrialDays: 0,
            Prices: [new PriceSpec(unit, new Money(usd, Currency.USD)), new PriceSpec(unit, new Money(zar, Currency.ZAR))]);
        tariff.Versions.Add(content.ToVersion(tariff.Id, 1, now, Seed));
        db.Tariffs().Add(tariff);
    }

    private void AddPoolPlan(LocalizedText name, int memoryMb, int diskMb, int cpuPercent, int maxServers, long usd, long zar, DateTime now)
    {
        var plan = new Billing.Pools.PoolPlan
        {
            Id = Guid.NewGuid(),
            Name = name,
            MemoryMb = memoryMb,
            DiskMb = diskMb,
            CpuPercent = cpuPercent,
            MaxServers = maxServers,
            IsActive = true,
            CreatedAtUtc = now,
            ConcurrencyToken = Guid.NewGuid(),
        };
        plan.Prices.AddRange(PeriodPrices(usd, Currency.USD).Concat(PeriodPrices(zar, Currency.ZAR))
            .Select(p => new Billing.Pools.PoolPlanPrice { PoolPlanId = plan.Id, Period = p.Period, Amount = p.Amount }));
        Billing.Pools.PoolsSets.PoolPlans(db).Add(plan);
    }

    private static IEnumerable<PriceSpec> PeriodPrices(long monthlyMinor, Currency currency) =>
        Periods.Select(p => new PriceSpec(p.Period,
            new Money(monthlyMinor, currency).Multiply(p.Months * (100 - p.PercentOff) / 100m, MidpointRounding.AwayFromZero)));

    private static List<AddOn> AddOns(DateTime now) =>
    [
        AddOn("extra-memory", new LocalizedText("+1 GB RAM", "+1 GB de RAM"), AddOnUnit.MemoryMb, 1024, max: 8, usd: 250, zar: 4500, now),
        AddOn("backup-slot", new LocalizedText("+1 backup slot", "+1 copia de seguridad"), AddOnUnit.BackupSlot, 1, max: 10, usd: 50, zar: 900, now),
        AddOn("extra-port", new LocalizedText("+1 port", "+1 puerto"), AddOnUnit.Allocation, 1, max: 5, usd: 75, zar: 1200, now),
        AddOn("database", new LocalizedText("+1 database", "+1 base de datos"), AddOnUnit.Database, 1, max: 5, usd: 50, zar: 900, now),
    ];

    private static AddOn AddOn(string key, LocalizedText name, AddOnUnit unit, int amountPerUnit, int max, long usd, long zar, DateTime now)
    {
        var addOn = new AddOn
        {
            Id = Guid.NewGuid(),
            Key = key,
            Name = name,
            Unit = unit,
            AmountPerUnit = amountPerUnit,
            MinQuantity = 0,
            MaxQuantity = max,
            IncludedQuantity = 0,
            ConcurrencyToken = Guid.NewGuid(),
            CreatedAtUtc = now,
        };
        addOn.Prices.AddRange(PeriodPrices(usd, Currency.USD).Concat(PeriodPrices(zar, Currency.ZAR))
            .Select(p => new AddOnPrice { AddOnId = addOn.Id, Period = p.Period, Amount = p.Amount }));
        return addOn;
    }
}
