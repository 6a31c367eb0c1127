using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Demo;
using GameHost.Domain.Provisioning;
using GameHost.Tests.Domain.Catalog;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Billing;

/// <summary>
/// A migrated SQLite file database (so concurrent orders run on their own connections) with the demo catalog, a fake
/// clock and a fake panel that can host anything, plus builders for customers, tariffs and order commands.
/// </summary>
public sealed class BillingTestData : IDisposable
{
    public BillingTestData()
    {
        using var db = Database.CreateDbContext();
        Assert.True(new DemoCatalogSeeder(db, Time).SeedAsync(CancellationToken.None).GetAwaiter().GetResult());
        db.SaveChanges();
    }

    public SqliteFileTestDatabase Database { get; } = new();

    public FakeTimeProvider Time { get; } = new(CatalogTestData.Start);

    public FakeServerCapacity Capacity { get; } = new();

    public DateTime NowUtc => Time.GetUtcNow().UtcDateTime;

    public PlaceOrder PlaceOrder() => new(
        Database,
        new QuoteOrder(Database, new SubscriptionTariffUsage(Database), Time),
        new RedeemPromoCode(Database, Time),
        Capacity,
        new NoTaxYet(),
        Time);

    public CustomerInvoicesQuery CustomerInvoices() => new(Database);

    public InvoiceDetailsQuery InvoiceDetails() => new(Database);

    public Guid AddCustomer(
        string name = "Thandi Nkosi", string currency = "ZAR", string country = "ZA", string? company = null, string? vat = null, bool withProfile = true)
    {
        using var db = Database.CreateDbContext();
        var email = $"{Guid.NewGuid():N}@gamehost.test";
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            FullName = name,
            CreatedAtUtc = NowUtc,
            SecurityStamp = "stamp",
            ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        if (withProfile)
        {
            db.CustomerProfiles.Add(new CustomerProfile
            {
                Id = Guid.NewGuid(), UserId = user.Id, BillingCurrency = currency, CountryCode = country, Company = company, VatNumber = vat, CreatedAtUtc = NowUtc,
            });
        }

        db.SaveChanges();
        return user.Id;
    }

    public Guid TariffId(string slug)
    {
        using var db = Database.CreateDbContext();
        return db.Tariffs().Single(t => t.Slug == slug).Id;
    }

    /// <summary>A tariff added straight to the store (the catalog's editor is tested elsewhere), offering the demo add-ons.</summary>
    public Guid AddTariff(
        string slug,
        TariffVisibility visibility = TariffVisibility.Public,
        int? stockLimit = null,
        int? perCustomerLimit = null,
        bool archived = false,
        IReadOnlyList<EggVariableSpec>? variables = null)
    {
        using var db = Database.CreateDbContext();
        var content = CatalogTestData.Content(name: slug);
        if (variables is not null)
        {
            content = content with { Variables = variables };
        }

        var tariff = new Tariff
        {
            Id = Guid.NewGuid(),
            Slug = slug,
            GameId = db.Games().First().Id,
            Visibility = visibility,
            StockLimit = stockLimit,
            PerCustomerLimit = perCustomerLimit,
            BillingModel = BillingModel.PrepaidPeriodic,
            IsArchived = archived,
            CurrentVersionNumber = 1,
            ConcurrencyToken = Guid.NewGuid(),
            CreatedAtUtc = NowUtc,
            AddOns = db.AddOns().Select(a => new TariffAddOn { AddOnId = a.Id }).ToList(),
        };
        tariff.Versions.Add(content.ToVersion(tariff.Id, 1, NowUtc, new AuditActor(null, "Test")));
        db.Tariffs().Add(tariff);
        db.SaveChanges();
        return tariff.Id;
    }

    public static PlaceOrderCommand Order(
        Guid customerId,
        Guid tariffId,
        string? requestId = null,
        BillingPeriod period = BillingPeriod.Month1,
        IReadOnlyDictionary<string, int>? addOns = null,
        int locationId = 1,
        string serverName = "My server",
        IReadOnlyDictionary<string, string>? variables = null,
        string? promo = null) =>
        new(customerId, requestId ?? Guid.NewGuid().ToString("N"), tariffId, period, addOns, locationId, serverName, variables, promo);

    public async Task<PlacedOrder> PlaceAsync(PlaceOrderCommand command)
    {
        var result = await PlaceOrder().ExecuteAsync(command, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code + ": " + result.Error?.Message);
        return result.Value;
    }

    public void Dispose() => Database.Dispose();
}

/// <summary>Plays the panel: answers what the test sets and remembers what it was asked.</summary>
public sealed class FakeServerCapacity : IServerCapacity
{
    public CapacityAnswer Answer { get; set; } = CapacityAnswer.Yes;

    public List<CapacityRequest> Requests { get; } = [];

    public Task<CapacityAnswer> CheckAsync(CapacityRequest request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return Task.FromResult(Answer);
    }
}
