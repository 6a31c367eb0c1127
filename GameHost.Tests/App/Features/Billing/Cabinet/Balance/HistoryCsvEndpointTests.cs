using System.Net;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Billing.Cabinet.Balance;

/// <summary>The expense-history CSV over real HTTP: the signed-in customer's own movements only, filters checked.</summary>
public sealed class HistoryCsvEndpointTests : IClassFixture<GameHostAppFactory>
{
    private readonly GameHostAppFactory _factory;

    public HistoryCsvEndpointTests(GameHostAppFactory factory)
    {
        _factory = factory;
        TestAccounts.CreateOwnerAsync(factory.Services, $"owner-{Guid.NewGuid():N}@example.test").GetAwaiter().GetResult();
    }

    private async Task<ApplicationUser> CustomerWithMovementAsync(string description)
    {
        var customer = await TestAccounts.CreateUserAsync(_factory.Services, $"c-{Guid.NewGuid():N}@example.test", Roles.Customer);
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<GameHostDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        if (!await db.CustomerProfiles.AnyAsync(p => p.UserId == customer.Id))
        {
            db.CustomerProfiles.Add(new CustomerProfile { Id = Guid.NewGuid(), UserId = customer.Id, BillingCurrency = "ZAR", CountryCode = "ZA", CreatedAtUtc = DateTime.UnixEpoch });
        }

        var amount = new Money(12_345, Currency.ZAR);
        await new LedgerPosting(TimeProvider.System).PostAsync(db, new PostingRequest($"test:{customer.Id:N}", "payment_received", description,
            [Posting.System(LedgerAccountKind.PaymentsReceived, -amount), Posting.Customer(customer.Id, amount)], customer.Id), CancellationToken.None);
        await db.SaveChangesAsync();
        return customer;
    }

    [Fact]
    public async Task Get_SignedInCustomer_StreamsTheirMovementsAsEscapedCsv()
    {
        var customer = await CustomerWithMovementAsync("Transfer \"FNB\", May");
        await CustomerWithMovementAsync("Someone else's money"); // Not in this customer's export.
        using var client = await _factory.CreateSignedInClientAsync(customer);

        var response = await client.GetAsync(new Uri("/cabinet/billing/history.csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // The header and their one movement; the other customer's is not there.
        Assert.Equal("date_utc,kind,description,service,invoice,amount,currency,balance_after", lines[0]);
        Assert.EndsWith(",payment_received,\"Transfer \"\"FNB\"\", May\",,,123.45,ZAR,123.45", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?from=31-05-2026")]
    [InlineData("?to=tomorrow")]
    [InlineData("?service=not-an-id")]
    public async Task Get_InvalidFilter_Answers400(string query)
    {
        var customer = await CustomerWithMovementAsync("Transfer");
        using var client = await _factory.CreateSignedInClientAsync(customer);

        var response = await client.GetAsync(new Uri("/cabinet/billing/history.csv" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_Anonymous_IsNotServed()
    {
        using var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri("/cabinet/billing/history.csv", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
