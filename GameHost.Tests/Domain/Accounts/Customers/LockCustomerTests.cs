using System.Text.Json;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.Domain.Accounts.Customers;

public class LockCustomerTests : IDisposable
{
    private readonly CustomerTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ExecuteAsync_ActiveCustomer_LocksAndEndsSessions()
    {
        var staff = await _data.AddStaffAsync();
        var customer = await _data.AddCustomerAsync(configure: u => u.AccessFailedCount = 2);

        var result = await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, "Chargeback"), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(AccessChange.Changed, result.Value);
        var after = await _data.ReloadAsync(customer.Id);
        Assert.True(after.IsLockedByStaff);
        Assert.True(after.LockoutEnabled);
        Assert.Equal(DateTimeOffset.MaxValue, after.LockoutEnd);
        Assert.NotEqual(customer.SecurityStamp, after.SecurityStamp);
    }

    [Fact]
    public async Task ExecuteAsync_ActiveCustomer_WritesOneAuditEntryWithBeforeAndAfterInTheSameSave()
    {
        var staff = await _data.AddStaffAsync(email: "sam@gamehost.test");
        var customer = await _data.AddCustomerAsync();
        var saves = new SaveRecorder();

        await _data.Lock(saves).ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, " Chargeback ", "corr-1"), CancellationToken.None);

        var save = Assert.Single(saves.Saves);
        Assert.Contains($"{nameof(ApplicationUser)}:{EntityState.Modified}", save);
        Assert.Contains($"{nameof(AuditEntry)}:{EntityState.Added}", save);

        await using var db = _data.Database.NewContext();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((staff.Id, "sam@gamehost.test"), (entry.ActorUserId, entry.ActorName));
        Assert.Equal((CustomerAccess.LockedAction, CustomerAccess.SubjectType, customer.Id.ToString()), (entry.Action, entry.SubjectType, entry.SubjectId));
        Assert.Equal(_data.NowUtc, entry.AtUtc);
        Assert.Equal("corr-1", entry.CorrelationId);
        var before = JsonSerializer.Deserialize<CustomerAccessSnapshot>(entry.BeforeJson!, JsonSerializerOptions.Web)!;
        var after = JsonSerializer.Deserialize<CustomerAccessSnapshot>(entry.AfterJson!, JsonSerializerOptions.Web)!;
        Assert.False(before.LockedByStaff);
        Assert.Null(before.Reason);
        Assert.True(after.LockedByStaff);
        Assert.Equal("Chargeback", after.Reason);
    }

    [Fact]
    public async Task ExecuteAsync_AlreadyLocked_ChangesNothingAndWritesNoSecondEntry()
    {
        var staff = await _data.AddStaffAsync();
        var customer = await _data.AddCustomerAsync();
        var first = await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, "Fraud"), CancellationToken.None);
        var stampAfterFirst = (await _data.ReloadAsync(customer.Id)).SecurityStamp;

        var second = await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, "Again"), CancellationToken.None);

        Assert.Equal(AccessChange.Changed, first.Value);
        Assert.True(second.IsSuccess);
        Assert.Equal(AccessChange.Unchanged, second.Value);
        Assert.Equal(stampAfterFirst, (await _data.ReloadAsync(customer.Id)).SecurityStamp);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task ExecuteAsync_NoReason_FailsWithReasonRequiredAndChangesNothing(string? reason)
    {
        var staff = await _data.AddStaffAsync();
        var customer = await _data.AddCustomerAsync();

        var result = await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, reason), CancellationToken.None);

        Assert.Equal("customers.reason_required", result.Error?.Code);
        Assert.False((await _data.ReloadAsync(customer.Id)).IsLockedByStaff);
    }

    [Fact]
    public async Task ExecuteAsync_ReasonTooLong_FailsWithReasonTooLong()
    {
        var staff = await _data.AddStaffAsync();
        var customer = await _data.AddCustomerAsync();

        var result = await _data.Lock().ExecuteAsync(
            new LockCustomerCommand(staff.Id, customer.Id, new string('x', CustomerAccess.MaxReasonLength + 1)), CancellationToken.None);

        Assert.Equal("customers.reason_too_long", result.Error?.Code);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Support)]
    public async Task ExecuteAsync_TargetIsStaff_FailsWithNotACustomer(string role)
    {
        var actor = await _data.AddStaffAsync("Olivia", Roles.Admin);
        var other = await _data.AddStaffAsync("Other", role);
        await _data.AddRoleAsync(other.Id, Roles.Customer);

        var result = await _data.Lock().ExecuteAsync(new LockCustomerCommand(actor.Id, other.Id, "No"), CancellationToken.None);

        Assert.Equal("customers.not_a_customer", result.Error?.Code);
        Assert.False((await _data.ReloadAsync(other.Id)).IsLockedByStaff);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task ExecuteAsync_ActorLocksThemselves_FailsWithNotACustomer()
    {
        var actor = await _data.AddStaffAsync("Olivia", Roles.Admin);

        var result = await _data.Lock().ExecuteAsync(new LockCustomerCommand(actor.Id, actor.Id, "Oops"), CancellationToken.None);

        Assert.Equal("customers.not_a_customer", result.Error?.Code);
        Assert.False((await _data.ReloadAsync(actor.Id)).IsLockedByStaff);
    }

    [Fact]
    public async Task ExecuteAsync_ActorIsACustomer_FailsWithActorNotStaff()
    {
        var actor = await _data.AddCustomerAsync("Mallory");
        var victim = await _data.AddCustomerAsync("Victim");

        var result = await _data.Lock().ExecuteAsync(new LockCustomerCommand(actor.Id, victim.Id, "Mine"), CancellationToken.None);

        Assert.Equal("customers.actor_not_staff", result.Error?.Code);
        Assert.False((await _data.ReloadAsync(victim.Id)).IsLockedByStaff);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCustomer_FailsWithNotFound()
    {
        var staff = await _data.AddStaffAsync();

        var result = await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, Guid.NewGuid(), "Why"), CancellationToken.None);

        Assert.Equal("customers.not_found", result.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_AccountChangedDuringTheLock_FailsWithChangedMeanwhileAndWritesNothing()
    {
        var staff = await _data.AddStaffAsync();
        var customer = await _data.AddCustomerAsync();
        var interference = new ChangeStampBeforeSave(_data, customer.Id);

        var result = await _data.Lock(interference).ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, "Why"), CancellationToken.None);

        Assert.Equal("customers.changed_meanwhile", result.Error?.Code);
        Assert.False((await _data.ReloadAsync(customer.Id)).IsLockedByStaff);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    /// <summary>Records, for every SaveChanges, which entities it wrote and how.</summary>
    private sealed class SaveRecorder : SaveChangesInterceptor
    {
        public List<List<string>> Saves { get; } = [];

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Saves.Add(eventData.Context!.ChangeTracker.Entries()
                .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                .Select(e => $"{e.Metadata.ClrType.Name}:{e.State}")
                .ToList());
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    /// <summary>Plays another writer that updates the account between the use case's read and its save.</summary>
    private sealed class ChangeStampBeforeSave(CustomerTestData data, Guid userId) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await using var other = data.Database.NewContext();
            var user = await other.Users.SingleAsync(u => u.Id == userId, cancellationToken);
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            await other.SaveChangesAsync(cancellationToken);
            return result;
        }
    }
}
