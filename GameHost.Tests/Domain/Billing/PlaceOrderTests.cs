using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Demo;
using GameHost.Domain.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing;

/// <summary>Placing an order: re-priced on the server, checked against the egg's rules and the panel's capacity, written once.</summary>
public class PlaceOrderTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private Task<Result<PlacedOrder>> PlaceAsync(PlaceOrderCommand command) => _data.PlaceOrder().ExecuteAsync(command, CancellationToken.None);

    private static Money Zar(long minor) => new(minor, Currency.ZAR);

    private (int Subscriptions, int Invoices, int Redemptions) Counts()
    {
        using var db = _data.Database.CreateDbContext();
        return (db.Subscriptions().Count(), db.Invoices().Count(), db.PromoRedemptions().Count());
    }

    [Fact]
    public async Task ExecuteAsync_DemoPaper4GbThreeMonthsWithRamAndWelcome10_OneSubscriptionAndOneOpenInvoiceInZar()
    {
        var customer = _data.AddCustomer();
        var paper = _data.TariffId("paper-4gb");

        var placed = await _data.PlaceAsync(BillingTestData.Order(customer, paper, period: BillingPeriod.Month3,
            addOns: new Dictionary<string, int> { ["extra-memory"] = 1 }, locationId: 2, serverName: "Thandi SMP",
            variables: new Dictionary<string, string> { ["MINECRAFT_VERSION"] = "1.21.4" }, promo: "welcome10"));

        // Paper 4 GB: R189.00 a month, 3 months 5 % off = R538.65; +1 GB RAM: R45.00 a month → R128.25; 10 % off both.
        using var db = _data.Database.CreateDbContext();
        var subscription = await db.Subscriptions().Include(s => s.AddOns).Include(s => s.Variables).SingleAsync();
        Assert.Equal((customer, paper, 1, BillingPeriod.Month3, SubscriptionStatus.PendingPayment, 2, "Thandi SMP"),
            (subscription.CustomerId, subscription.TariffId, subscription.TariffVersionNumber, subscription.Period, subscription.Status,
                subscription.LocationId, subscription.ServerName));
        Assert.Equal(Zar(53865 + 12825), subscription.RecurringNet);
        Assert.Equal(1, subscription.AddOns.Single(a => a.Key == "extra-memory").Quantity);
        Assert.Equal(
            ["BUILD_NUMBER=latest", "MINECRAFT_VERSION=1.21.4"],
            subscription.Variables.OrderBy(v => v.EnvName, StringComparer.Ordinal).Select(v => $"{v.EnvName}={v.Value}"));

        var invoice = await db.Invoices().Include(i => i.Lines).SingleAsync();
        Assert.Equal((InvoiceStatus.Open, "INV-000001", Currency.ZAR, subscription.Id), (invoice.Status, invoice.DisplayNumber, invoice.Currency, invoice.SubscriptionId));
        var lines = invoice.Lines.OrderBy(l => l.Position).ToList();
        Assert.Equal(
            [InvoiceLineKind.Period, InvoiceLineKind.AddOn, InvoiceLineKind.Discount, InvoiceLineKind.Discount],
            lines.Select(l => l.Kind));
        Assert.Equal("Paper 4 GB, 3 months", lines[0].Description.En);
        Assert.Equal([Zar(53865), Zar(12825)], lines.Take(2).Select(l => l.Net));
        Assert.Equal(Zar(-6669), lines.Skip(2).Aggregate(Zar(0), (sum, l) => sum + l.Net));
        Assert.Equal((Zar(60021), Zar(0), Zar(60021)), (invoice.NetTotal, invoice.TaxTotal, invoice.GrossTotal));
        Assert.Equal((invoice.Id, "INV-000001", Zar(60021), false), (placed.InvoiceId, placed.InvoiceNumber, placed.GrossTotal, placed.Replayed));
        Assert.Equal(_data.NowUtc + PlaceOrder.PaymentWindow, invoice.DueAtUtc);
        Assert.Equal(1, await db.PromoRedemptions().CountAsync(r => r.CustomerId == customer));

        // The panel was asked about 4 GB plus the extra 1 GB, in the chosen location, with the tariff's locations as alternatives.
        var asked = Assert.Single(_data.Capacity.Requests);
        Assert.Equal((2, 5120, 20480, 3), (asked.LocationId, asked.Resources.MemoryMb, asked.Resources.DiskMb, asked.Resources.Allocations));
        Assert.Equal([1, 2], asked.AllowedLocationIds);
    }

    [Fact]
    public async Task ExecuteAsync_NoBillingProfile_FailsAndWritesNothing()
    {
        var customer = _data.AddCustomer(withProfile: false);

        var result = await PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb")));

        Assert.Equal("billing.no_billing_profile", result.Error?.Code);
        Assert.Equal((0, 0, 0), Counts());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("my/server")]
    [InlineData("<script>")]
    [InlineData("a-name-that-is-much-too-long-for-the-panel-x")]
    public async Task ExecuteAsync_BadServerName_FailsWithInvalidServerName(string name)
    {
        var customer = _data.AddCustomer();

        var result = await PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb"), serverName: name));

        Assert.Equal(("provisioning.invalid_server_name", "ServerName"), (result.Error?.Code, result.Error?.Field));
        Assert.Equal((0, 0, 0), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_ServerNameWithAccentsDigitsSpacesAndDashes_IsAccepted()
    {
        var customer = _data.AddCustomer();

        var result = await PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb"), serverName: " Señor-Creeper 2 "));

        Assert.True(result.IsSuccess, result.Error?.Message);
        using var db = _data.Database.CreateDbContext();
        Assert.Equal("Señor-Creeper 2", db.Subscriptions().Single().ServerName);
    }

    private static readonly EggVariableSpec[] RuleVariables =
    [
        new("REQ", "Required", "x", "required|string", true),
        new("INT", "Integer", "", "nullable|integer", true),
        new("NUM", "Numeric", "", "nullable|numeric", true),
        new("BOOL", "Boolean", "0", "required|boolean", true),
        new("MAXS", "Max length", "", "nullable|string|max:5", true),
        new("MINS", "Min length", "abc", "nullable|string|min:3", true),
        new("MAXN", "Max number", "10", "required|integer|min:1|max:100", true),
        new("IN", "Choice", "a", "required|string|in:a,b,c", true),
        new("RGX", "Pattern", "server.jar", "required|regex:/^[a-z]+(\\.jar|\\.zip)$/", true),
        new("HIDDEN", "Staff only", "secret", "required|string", false),
    ];

    [Theory]
    [InlineData("REQ", "", "provisioning.variable_required")]
    [InlineData("INT", "1.5", "provisioning.variable_not_integer")]
    [InlineData("NUM", "abc", "provisioning.variable_not_numeric")]
    [InlineData("BOOL", "yes", "provisioning.variable_not_boolean")]
    [InlineData("MAXS", "abcdef", "provisioning.variable_max")]
    [InlineData("MINS", "ab", "provisioning.variable_min")]
    [InlineData("MAXN", "101", "provisioning.variable_max")]
    [InlineData("MAXN", "0", "provisioning.variable_min")]
    [InlineData("IN", "d", "provisioning.variable_not_in_list")]
    [InlineData("RGX", "server.exe", "provisioning.variable_format")]
    [InlineData("HIDDEN", "mine", "provisioning.variable_not_settable")]
    [InlineData("NOT_AN_EGG_VARIABLE", "1", "provisioning.variable_not_settable")]
    public async Task ExecuteAsync_VariableBreaksItsRule_FailsOnThatField(string envName, string value, string code)
    {
        var customer = _data.AddCustomer();
        var tariff = _data.AddTariff("rules", variables: RuleVariables);

        var result = await PlaceAsync(BillingTestData.Order(customer, tariff, variables: new Dictionary<string, string> { [envName] = value }));

        Assert.Equal((code, envName), (result.Error?.Code, result.Error?.Field));
        Assert.Equal((0, 0, 0), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_ValuesWithinEveryRule_StoresThemAndDefaultsTheRest()
    {
        var customer = _data.AddCustomer();
        var tariff = _data.AddTariff("rules", variables: RuleVariables);
        var values = new Dictionary<string, string>
        {
            ["REQ"] = "hello", ["INT"] = "-7", ["NUM"] = "2.5", ["BOOL"] = "true", ["MAXS"] = "abcde", ["MINS"] = "abcd",
            ["MAXN"] = "100", ["IN"] = "c", ["RGX"] = "world.zip",
        };

        await _data.PlaceAsync(BillingTestData.Order(customer, tariff, variables: values));

        using var db = _data.Database.CreateDbContext();
        var stored = db.Subscriptions().Include(s => s.Variables).Single().Variables.ToDictionary(v => v.EnvName, v => v.Value);
        Assert.Equal(values.OrderBy(v => v.Key, StringComparer.Ordinal), stored.OrderBy(v => v.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_SeveralBadVariables_ReportsEachField()
    {
        var customer = _data.AddCustomer();
        var tariff = _data.AddTariff("rules", variables: RuleVariables);

        var result = await PlaceAsync(BillingTestData.Order(customer, tariff,
            variables: new Dictionary<string, string> { ["INT"] = "x", ["IN"] = "z", ["REQ"] = "" }));

        Assert.Equal(["REQ", "INT", "IN"], result.Error!.Related.Select(e => e.Field));
    }

    [Fact]
    public async Task ExecuteAsync_LocationFull_FailsWithNoCapacityNamingTheTariffsOtherLocationsThatCan()
    {
        var customer = _data.AddCustomer();
        _data.Capacity.Answer = CapacityAnswer.No([1, 2, 7]);

        var result = await PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb"), locationId: 1));

        Assert.Equal(("provisioning.no_capacity", "LocationId"), (result.Error?.Code, result.Error?.Field));
        Assert.Equal(["2"], result.Error!.Details);
        Assert.Contains("Locations that can: 2.", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_PanelUnreachable_FailsWithCapacityUnknownAndTakesNoMoney()
    {
        var customer = _data.AddCustomer();
        _data.Capacity.Answer = CapacityAnswer.Unknown;

        var result = await PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb"), promo: DemoCatalogSeeder.WelcomeCode));

        Assert.Equal("provisioning.capacity_unknown", result.Error?.Code);
        Assert.Equal((0, 0, 0), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_LocationTheTariffDoesNotOffer_FailsBeforeAskingThePanel()
    {
        var customer = _data.AddCustomer();

        var result = await PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-8gb"), locationId: 2));

        Assert.Equal("provisioning.location_not_offered", result.Error?.Code);
        Assert.Empty(_data.Capacity.Requests);
    }

    [Theory]
    [InlineData(TariffVisibility.StaffOnly, false, "catalog.tariff_not_orderable")]
    [InlineData(TariffVisibility.Public, true, "catalog.tariff_archived")]
    public async Task ExecuteAsync_TariffNotForSaleToCustomers_IsRefusedByTheQuote(TariffVisibility visibility, bool archived, string code)
    {
        var customer = _data.AddCustomer();
        var tariff = _data.AddTariff("crafted", visibility, archived: archived);

        var result = await PlaceAsync(BillingTestData.Order(customer, tariff));

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal((0, 0, 0), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_HiddenLinkTariff_CanBeOrderedByACustomerWithTheLink()
    {
        var customer = _data.AddCustomer();
        var tariff = _data.AddTariff("partner-deal", TariffVisibility.HiddenLink);

        Assert.True((await PlaceAsync(BillingTestData.Order(customer, tariff))).IsSuccess);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownTariff_FailsWithTariffNotFound()
    {
        var customer = _data.AddCustomer();

        Assert.Equal("catalog.tariff_not_found", (await PlaceAsync(BillingTestData.Order(customer, Guid.NewGuid()))).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_NoPriceInTheCustomersCurrency_FailsWithPriceMissing()
    {
        var customer = _data.AddCustomer(currency: "EUR", country: "DE");

        var result = await PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb")));

        Assert.Equal("catalog.price_missing", result.Error?.Code);
        Assert.Equal((0, 0, 0), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_SameRequestIdTwice_AnswersWithTheFirstOrderAndWritesNothingNew()
    {
        var customer = _data.AddCustomer();
        var command = BillingTestData.Order(customer, _data.TariffId("paper-4gb"), requestId: "form-1", promo: DemoCatalogSeeder.WelcomeCode);

        var first = await _data.PlaceAsync(command);
        var second = await _data.PlaceAsync(command);

        Assert.Equal((first.SubscriptionId, first.InvoiceId, first.InvoiceNumber, first.GrossTotal), (second.SubscriptionId, second.InvoiceId, second.InvoiceNumber, second.GrossTotal));
        Assert.Equal((false, true), (first.Replayed, second.Replayed));
        Assert.Equal((1, 1, 1), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_SameRequestIdFromAnotherCustomer_IsRefused()
    {
        var paper = _data.TariffId("paper-4gb");
        await _data.PlaceAsync(BillingTestData.Order(_data.AddCustomer(), paper, requestId: "form-1"));

        var result = await PlaceAsync(BillingTestData.Order(_data.AddCustomer(), paper, requestId: "form-1"));

        Assert.Equal("billing.request_id_reused", result.Error?.Code);
        Assert.Equal((1, 1, 0), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_SameRequestIdConcurrently_MakesOneOrderAndAnswersEveryCallWithIt()
    {
        var customer = _data.AddCustomer();
        var command = BillingTestData.Order(customer, _data.TariffId("paper-4gb"), requestId: "double-click", promo: DemoCatalogSeeder.WelcomeCode);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PlaceAsync(command))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Single(results.Select(r => (r.Value!.SubscriptionId, r.Value.InvoiceId)).Distinct());
        Assert.Single(results, r => !r.Value!.Replayed);
        Assert.Equal((1, 1, 1), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_PromoUsedAgainByTheSameCustomer_IsRefusedOnceItsLimitIsReached()
    {
        var customer = _data.AddCustomer();
        var paper = _data.TariffId("paper-4gb");
        await _data.PlaceAsync(BillingTestData.Order(customer, paper, promo: DemoCatalogSeeder.WelcomeCode));

        var again = await PlaceAsync(BillingTestData.Order(customer, paper, promo: DemoCatalogSeeder.WelcomeCode));

        Assert.Equal("catalog.promo_customer_limit_reached", again.Error?.Code);
        Assert.Equal((1, 1, 1), Counts());
    }

    [Fact]
    public async Task ExecuteAsync_StockLimitReached_RefusesTheNextOrderUntilOneIsCancelled()
    {
        var tariff = _data.AddTariff("limited", stockLimit: 1);
        await _data.PlaceAsync(BillingTestData.Order(_data.AddCustomer(), tariff));

        var soldOut = await PlaceAsync(BillingTestData.Order(_data.AddCustomer(), tariff));
        using (var db = _data.Database.CreateDbContext())
        {
            await db.Subscriptions().ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Cancelled));
        }

        var afterCancel = await PlaceAsync(BillingTestData.Order(_data.AddCustomer(), tariff));

        Assert.Equal("catalog.tariff_out_of_stock", soldOut.Error?.Code);
        Assert.True(afterCancel.IsSuccess, afterCancel.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_PerCustomerLimitReached_RefusesThatCustomerButNotOthers()
    {
        var tariff = _data.AddTariff("one-each", perCustomerLimit: 1);
        var customer = _data.AddCustomer();
        await _data.PlaceAsync(BillingTestData.Order(customer, tariff));

        var second = await PlaceAsync(BillingTestData.Order(customer, tariff));
        var other = await PlaceAsync(BillingTestData.Order(_data.AddCustomer(), tariff));

        Assert.Equal("catalog.tariff_customer_limit_reached", second.Error?.Code);
        Assert.True(other.IsSuccess, other.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterTheLimitWasReachedByThisOrder_StillAnswersWithTheOrder()
    {
        var tariff = _data.AddTariff("one-each", perCustomerLimit: 1);
        var command = BillingTestData.Order(_data.AddCustomer(), tariff, requestId: "form-7");
        var first = await _data.PlaceAsync(command);

        var retry = await _data.PlaceAsync(command);

        Assert.Equal((first.SubscriptionId, true), (retry.SubscriptionId, retry.Replayed));
    }

    [Fact]
    public async Task ExecuteAsync_MonthlyOrder_LocksTheTariffVersionAndRecurringPrice()
    {
        var customer = _data.AddCustomer();
        var paper = _data.TariffId("paper-4gb");
        await _data.PlaceAsync(BillingTestData.Order(customer, paper));

        using var db = _data.Database.CreateDbContext();
        var subscription = db.Subscriptions().Single();
        Assert.Equal((1, Zar(18900)), (subscription.TariffVersionNumber, subscription.RecurringNet));
    }
}
