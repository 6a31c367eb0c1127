using GameHost.App.Features.Payments.Gateways.Stripe;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Payments.Checks;

/// <summary>Removing a saved Stripe card detaches it at Stripe first; if Stripe does not confirm, the card stays saved.</summary>
public sealed class SavedMethodDetachTests : IAsyncLifetime
{
    private StripeBackedPayments _p = default!;

    public async Task InitializeAsync() => _p = await StripeBackedPayments.StartAsync();

    public async Task DisposeAsync() => await _p.DisposeAsync();

    private async Task<(Guid Customer, Guid Method)> SavedCardAsync(string reference)
    {
        var customer = _p.Host.Data.AddCustomer();
        var method = new SavedPaymentMethod
        {
            Id = Guid.NewGuid(), CustomerId = customer, GatewayAccountId = _p.AccountId, CustomerReference = "cus_TestSaved01", MethodReference = reference,
            Label = "Visa •••• 4242", Priority = 1, CreatedAtUtc = _p.Host.Data.NowUtc,
        };
        await using var db = _p.Host.Data.Database.CreateDbContext();
        db.SavedPaymentMethods().Add(method);
        await db.SaveChangesAsync();
        return (customer, method.Id);
    }

    [Fact]
    public async Task RemoveAsync_StripeDetaches_DetachedAtStripeWithOurKeyAndForgottenHere()
    {
        var (customer, method) = await SavedCardAsync("pm_1SavedVisa");

        var removed = await _p.Host.Get<SavedMethods>().RemoveAsync(customer, method, CancellationToken.None);
        var again = await _p.Host.Get<SavedMethods>().RemoveAsync(customer, method, CancellationToken.None);

        Assert.True(removed.IsSuccess, removed.Error?.Code);
        Assert.True(removed.Value.DetachedAtGateway);
        Assert.True(again.Value!.AlreadyGone);
        Assert.Equal(["pm_1SavedVisa"], _p.Fake.DetachedMethods);
        var post = Assert.Single(_p.Fake.Posts, r => r.Path == "/v1/payment_methods/pm_1SavedVisa/detach");
        Assert.Equal(StripeGateway.DetachKey("pm_1SavedVisa"), post.Header("Idempotency-Key"));
        Assert.Empty(await _p.Host.Get<SavedMethods>().ListAsync(customer, CancellationToken.None));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(0)]
    public async Task RemoveAsync_StripeFailsOrDrops_ClearErrorAndTheCardStaysListed(int status)
    {
        var (customer, method) = await SavedCardAsync("pm_1SavedVisa");
        _p.Fake.Inject(FakeStripe.DetachMethod, status == 0 ? FakeStripeFault.Drop() : FakeStripeFault.ServerError(status));

        var removed = await _p.Host.Get<SavedMethods>().RemoveAsync(customer, method, CancellationToken.None);

        Assert.Equal(SavedMethods.DetachFailed.Code, removed.Error?.Code);
        Assert.Empty(_p.Fake.DetachedMethods);
        var still = Assert.Single(await _p.Host.Get<SavedMethods>().ListAsync(customer, CancellationToken.None));
        Assert.Equal(method, still.Id);
        await using var db = _p.Host.Data.Database.CreateDbContext();
        Assert.Equal(1, await db.SavedPaymentMethods().CountAsync());
    }
}
