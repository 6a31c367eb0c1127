using System.Text.Json;
using GameHost.Domain.Accounts.Customers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Accounts.Customers;

public class UnlockCustomerTests : IDisposable
{
    private readonly CustomerTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ExecuteAsync_StaffLockedCustomer_ClearsLockAndFailedCountAndAudits()
    {
        var staff = await _data.AddStaffAsync();
        var customer = await _data.AddCustomerAsync(configure: u => u.AccessFailedCount = 3);
        await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, "Fraud"), CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromHours(1));

        var result = await _data.Unlock().ExecuteAsync(new UnlockCustomerCommand(staff.Id, customer.Id, "Cleared up"), CancellationToken.None);

        Assert.Equal(AccessChange.Changed, result.Value);
        var after = await _data.ReloadAsync(customer.Id);
        Assert.False(after.IsLockedByStaff);
        Assert.Null(after.LockoutEnd);
        Assert.Equal(0, after.AccessFailedCount);
        await using var db = _data.Database.NewContext();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(CustomerAccess.UnlockedAction, entry.Action);
        Assert.Equal(_data.NowUtc, entry.AtUtc);
        Assert.True(JsonSerializer.Deserialize<CustomerAccessSnapshot>(entry.BeforeJson!, JsonSerializerOptions.Web)!.LockedByStaff);
        var afterSnapshot = JsonSerializer.Deserialize<CustomerAccessSnapshot>(entry.AfterJson!, JsonSerializerOptions.Web)!;
        Assert.Equal((false, (DateTime?)null, 0, "Cleared up"), (afterSnapshot.LockedByStaff, afterSnapshot.LockoutEndUtc, afterSnapshot.FailedSignIns, afterSnapshot.Reason));
    }

    [Fact]
    public async Task ExecuteAsync_AutomaticLockout_LiftsIt()
    {
        var staff = await _data.AddStaffAsync();
        var customer = await _data.AddCustomerAsync(configure: u =>
        {
            u.AccessFailedCount = 5;
            u.LockoutEnd = new DateTimeOffset(_data.NowUtc.AddMinutes(15));
        });

        var result = await _data.Unlock().ExecuteAsync(new UnlockCustomerCommand(staff.Id, customer.Id), CancellationToken.None);

        Assert.Equal(AccessChange.Changed, result.Value);
        Assert.Null((await _data.ReloadAsync(customer.Id)).LockoutEnd);
    }

    [Fact]
    public async Task ExecuteAsync_NothingToLift_ReturnsUnchangedAndWritesNoEntry()
    {
        var staff = await _data.AddStaffAsync();
        var customer = await _data.AddCustomerAsync(configure: u => u.LockoutEnd = new DateTimeOffset(_data.NowUtc.AddMinutes(-1)));

        var result = await _data.Unlock().ExecuteAsync(new UnlockCustomerCommand(staff.Id, customer.Id), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(AccessChange.Unchanged, result.Value);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task ExecuteAsync_TargetIsStaff_FailsWithNotACustomer()
    {
        var actor = await _data.AddStaffAsync("Olivia", GameHost.Domain.Accounts.Roles.Admin);
        var other = await _data.AddStaffAsync("Sam");

        var result = await _data.Unlock().ExecuteAsync(new UnlockCustomerCommand(actor.Id, other.Id), CancellationToken.None);

        Assert.Equal("customers.not_a_customer", result.Error?.Code);
    }
}
