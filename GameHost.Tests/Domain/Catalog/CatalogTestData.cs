using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Catalog;

/// <summary>
/// A migrated SQLite database with an administrator, a game and a fake clock, plus builders with valid defaults for
/// tariff content, add-ons and promo codes, and the catalog's use cases and queries wired to them.
/// </summary>
public sealed class CatalogTestData : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    public CatalogTestData()
    {
        using var db = Database.NewContext();
        foreach (var role in Roles.All)
        {
            db.Roles.Add(new ApplicationRole(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
        }

        db.SaveChanges();
        AdminId = AddUser("olivia@gamehost.test", Roles.Admin);
        SupportId = AddUser("sam@gamehost.test", Roles.Support);
        GameId = Guid.NewGuid();
        db.Games().Add(new Game { Id = GameId, Key = "minecraft-java", Name = new LocalizedText("Minecraft", "Minecraft"), CreatedAtUtc = NowUtc });
        db.SaveChanges();
    }

    public SqliteTestDatabase Database { get; } = new();

    public FakeTimeProvider Time { get; } = new(Start);

    public FakeTariffUsage Usage { get; } = new();

    public CatalogOptions Options { get; } = new();

    public Guid AdminId { get; }

    public Guid SupportId { get; }

    public Guid GameId { get; }

    public Guid CustomerId { get; } = Guid.NewGuid();

    public DateTime NowUtc => Time.GetUtcNow().UtcDateTime;

    public SqliteTestContextFactory Contexts(params IInterceptor[] interceptors) => new(Database, interceptors);

    public CreateTariff CreateTariff() => new(Contexts(), new AuditLog(Time), Time);

    public EditTariff EditTariff(params IInterceptor[] interceptors) => new(Contexts(interceptors), new AuditLog(Time), Time);

    public ArchiveTariff ArchiveTariff() => new(Contexts(), new AuditLog(Time), Time);

    public CreateAddOn CreateAddOn() => new(Contexts(), new AuditLog(Time), Time);

    public EditAddOn EditAddOn() => new(Contexts(), new AuditLog(Time));

    public CreatePromoCode CreatePromoCode() => new(Contexts(), new AuditLog(Time), Time);

    public RedeemPromoCode RedeemPromoCode() => new(Contexts(), Time);

    /// <summary>What the price-change preview answers; billing's real answer is tested with billing.</summary>
    public IPriceChangeImpact Impact { get; set; } = new NoServicesAffectedYet();

    public SchedulePriceChange SchedulePriceChange() =>
        new(Contexts(), new AuditLog(Time), Time, Microsoft.Extensions.Options.Options.Create(Options), Impact);

    public EditPromoCode EditPromoCode() => new(Contexts(), new AuditLog(Time));

    public SetPromoCodeEnabled SetPromoCodeEnabled() => new(Contexts(), new AuditLog(Time));

    public QuoteOrder QuoteOrder() => new(Contexts(), Usage, Time);

    public PublicCatalogQuery PublicCatalog() => new(Contexts());

    public TariffDetailsQuery TariffDetails() => new(Contexts());

    public PromoCodeListQuery PromoCodeList() => new(Contexts(), Time);

    public static Money Usd(long minor) => new(minor, Currency.USD);

    public static Money Zar(long minor) => new(minor, Currency.ZAR);

    public TariffSettings Settings(
        string slug = "paper-4gb",
        TariffVisibility visibility = TariffVisibility.Public,
        BillingModel model = BillingModel.PrepaidPeriodic,
        int? stockLimit = null,
        int? perCustomerLimit = null,
        IReadOnlyList<Guid>? addOnIds = null,
        int displayOrder = 0) =>
        new(slug, GameId, visibility, stockLimit, perCustomerLimit, model, displayOrder, addOnIds ?? []);

    /// <summary>Paper 4 GB: USD 10.00 / ZAR 180.00 a month, cheaper per month for longer periods, no setup fee.</summary>
    public static TariffVersionContent Content(
        string name = "Paper 4 GB",
        IReadOnlyList<PriceSpec>? prices = null,
        IReadOnlyList<Money>? setupFees = null,
        int memoryMb = 4096,
        int trialDays = 0) =>
        new(
            new LocalizedText(name, name + " (es)"),
            new LocalizedText("Fast Paper server.", "Servidor Paper rápido."),
            new GameConfig(1, 3, "ghcr.io/pterodactyl/yolks:java_21", "java -jar {{SERVER_JARFILE}}"),
            [
                new EggVariableSpec("SERVER_JARFILE", "Server Jar File", "server.jar", "required|regex:/^([\\w\\d._-]+)(\\.jar)$/", false),
                new EggVariableSpec("BUILD_NUMBER", "Build Number", "latest", "required|string|max:20", true),
            ],
            new ResourceLimits(memoryMb, 0, 20480, 200, null, 500, false),
            new FeatureLimits(2, 2, 1),
            [1],
            [],
            setupFees ?? [],
            trialDays,
            prices ??
            [
                new PriceSpec(BillingPeriod.Month1, Usd(1000)),
                new PriceSpec(BillingPeriod.Month3, Usd(2850)),
                new PriceSpec(BillingPeriod.Month6, Usd(5400)),
                new PriceSpec(BillingPeriod.Month12, Usd(10200)),
                new PriceSpec(BillingPeriod.Month1, Zar(18000)),
                new PriceSpec(BillingPeriod.Month12, Zar(183600)),
            ]);

    public async Task<TariffSaved> AddTariffAsync(TariffSettings? settings = null, TariffVersionContent? content = null)
    {
        var result = await CreateTariff().ExecuteAsync(new CreateTariffCommand(AdminId, settings ?? Settings(), content ?? Content()), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public static AddOnContent AddOnContent(
        string key = "extra-memory",
        int min = 0,
        int max = 8,
        int included = 0,
        IReadOnlyList<PriceSpec>? prices = null) =>
        new(key, new LocalizedText("+1 GB RAM", "+1 GB de RAM"), AddOnUnit.MemoryMb, 1024, min, max, included,
            prices ?? [new PriceSpec(BillingPeriod.Month1, Usd(250)), new PriceSpec(BillingPeriod.Month1, Zar(4500))]);

    public async Task<AddOnSaved> AddAddOnAsync(AddOnContent? content = null)
    {
        var result = await CreateAddOn().ExecuteAsync(new CreateAddOnCommand(AdminId, content ?? AddOnContent()), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public CreatePromoCodeCommand Promo(
        string code = "WELCOME10",
        PromoDiscountKind kind = PromoDiscountKind.Percent,
        int? percentBasisPoints = 1000,
        IReadOnlyList<Money>? fixedAmounts = null,
        PromoAppliesTo appliesTo = PromoAppliesTo.FirstPeriod,
        int discountedPeriods = 1,
        int? maxUses = null,
        int? perCustomerLimit = null,
        DateTime? validFromUtc = null,
        DateTime? validUntilUtc = null,
        IReadOnlyList<Guid>? tariffIds = null,
        IReadOnlyList<BillingPeriod>? periods = null,
        IReadOnlyList<string>? currencies = null) =>
        new(AdminId, code, kind, percentBasisPoints, fixedAmounts ?? [], appliesTo, discountedPeriods, maxUses, perCustomerLimit,
            validFromUtc, validUntilUtc, tariffIds ?? [], periods ?? [], currencies ?? []);

    public async Task<PromoCodeCreated> AddPromoAsync(CreatePromoCodeCommand? command = null)
    {
        var result = await CreatePromoCode().ExecuteAsync(command ?? Promo(), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public QuoteOrderRequest Quote(
        Guid tariffId,
        string currency = "USD",
        BillingPeriod period = BillingPeriod.Month1,
        IReadOnlyDictionary<string, int>? addOns = null,
        string? promo = null,
        OrderChannel channel = OrderChannel.Customer,
        string? requestId = null,
        Guid? customerId = null) =>
        new(tariffId, currency, period, addOns, promo, customerId ?? CustomerId, channel, requestId);

    private Guid AddUser(string email, string role)
    {
        using var db = Database.NewContext();
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            FullName = email,
            CreatedAtUtc = NowUtc,
            SecurityStamp = "stamp",
            ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = db.Roles.Single(r => r.Name == role).Id });
        db.SaveChanges();
        return user.Id;
    }

    public void Dispose() => Database.Dispose();
}

/// <summary>Plays billing's count of live services per tariff and customer.</summary>
public sealed class FakeTariffUsage : ITariffUsage
{
    public Dictionary<Guid, int> Active { get; } = [];

    public Dictionary<(Guid Tariff, Guid Customer), int> ActiveForCustomer { get; } = [];

    public Task<int> CountActiveAsync(Guid tariffId, CancellationToken cancellationToken) =>
        Task.FromResult(Active.GetValueOrDefault(tariffId));

    public Task<int> CountActiveForCustomerAsync(Guid tariffId, Guid customerId, CancellationToken cancellationToken) =>
        Task.FromResult(ActiveForCustomer.GetValueOrDefault((tariffId, customerId)));
}
