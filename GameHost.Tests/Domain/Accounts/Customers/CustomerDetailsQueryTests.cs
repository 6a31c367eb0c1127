using GameHost.Domain.Accounts.Customers;

namespace GameHost.Tests.Domain.Accounts.Customers;

public class CustomerDetailsQueryTests : IDisposable
{
    private readonly CustomerTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ExecuteAsync_Customer_ReturnsProfileSecurityAndNewestAuditFirst()
    {
        var staff = await _data.AddStaffAsync(email: "sam@gamehost.test");
        var customer = await _data.AddCustomerAsync("Ana", "ana@example.test", "Blocky Ltd", configure: u => u.TwoFactorEnabled = true);
        await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, "Fraud"), CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromMinutes(5));
        await _data.Unlock().ExecuteAsync(new UnlockCustomerCommand(staff.Id, customer.Id), CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromMinutes(5));
        await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, "Fraud again"), CancellationToken.None);

        var details = await _data.DetailsQuery().ExecuteAsync(customer.Id, CancellationToken.None);

        Assert.NotNull(details);
        Assert.Equal(("Ana", "ana@example.test", true, true), (details.FullName, details.Email, details.EmailConfirmed, details.TwoFactorEnabled));
        Assert.Equal(("Blocky Ltd", "ES", "EUR", "ESB12345678"), (details.Profile?.Company, details.Profile?.CountryCode, details.Profile?.BillingCurrency, details.Profile?.VatNumber));
        Assert.Equal(CustomerStatus.LockedByStaff, details.Status);
        Assert.Equal(
            [CustomerAccess.LockedAction, CustomerAccess.UnlockedAction, CustomerAccess.LockedAction],
            details.Audit.Items.Select(a => a.Action));
        Assert.Equal(3, details.Audit.TotalCount);
        Assert.Contains(details.Audit.Items[0].Changes, c => c.Field == "reason" && c.After == "Fraud again");
    }

    [Fact]
    public async Task ExecuteAsync_StaffOrUnknownId_ReturnsNull()
    {
        var staff = await _data.AddStaffAsync();

        Assert.Null(await _data.DetailsQuery().ExecuteAsync(staff.Id, CancellationToken.None));
        Assert.Null(await _data.DetailsQuery().ExecuteAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_AutomaticLockout_ReportsWhenItEnds()
    {
        var until = _data.NowUtc.AddMinutes(15);
        var customer = await _data.AddCustomerAsync(configure: u => { u.LockoutEnd = new DateTimeOffset(until); u.AccessFailedCount = 5; });

        var details = await _data.DetailsQuery().ExecuteAsync(customer.Id, CancellationToken.None);

        Assert.Equal((CustomerStatus.LockedOut, until, 5), (details!.Status, details.LockedOutUntilUtc, details.FailedSignIns));
        _data.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(CustomerStatus.Active, (await _data.DetailsQuery().ExecuteAsync(customer.Id, CancellationToken.None))!.Status);
    }
}
