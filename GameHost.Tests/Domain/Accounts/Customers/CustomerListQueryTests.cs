using System.Data.Common;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.Domain.Accounts.Customers;

public class CustomerListQueryTests : IDisposable
{
    private readonly CustomerTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("mARía LóP")]
    [InlineData("MARIA@EXAMPLE")]
    [InlineData("cREEPER")]
    public async Task ExecuteAsync_Search_MatchesNameEmailOrCompanyIgnoringCase(string search)
    {
        var maria = await _data.AddCustomerAsync("María López", "maria@example.test", company: "Creeper Crew");
        await _data.AddCustomerAsync("Bob Builder", "bob@example.test", company: "Bricks");

        var result = await _data.ListQuery().ExecuteAsync(new CustomerListRequest(search), CancellationToken.None);

        var only = Assert.Single(result.Items);
        Assert.Equal(maria.Id, only.Id);
        Assert.Equal(1, result.TotalCount);
    }

    [Fact]
    public async Task ExecuteAsync_SearchWithPercent_TreatsItAsText()
    {
        await _data.AddCustomerAsync("Ana", company: "100% Uptime");
        await _data.AddCustomerAsync("Bea", company: "1000 Servers");

        var result = await _data.ListQuery().ExecuteAsync(new CustomerListRequest("100%"), CancellationToken.None);

        Assert.Equal("Ana", Assert.Single(result.Items).FullName);
    }

    [Fact]
    public async Task ExecuteAsync_Always_ListsCustomersOnlyNeverStaff()
    {
        var customer = await _data.AddCustomerAsync("Carla");
        await _data.AddStaffAsync("Olivia", Roles.Admin);
        var staffAlsoCustomer = await _data.AddStaffAsync("Sam", Roles.Support);
        await _data.AddRoleAsync(staffAlsoCustomer.Id, Roles.Customer);

        var result = await _data.ListQuery().ExecuteAsync(new CustomerListRequest(), CancellationToken.None);

        Assert.Equal(customer.Id, Assert.Single(result.Items).Id);
        Assert.Equal(1, result.TotalCount);
    }

    [Fact]
    public async Task ExecuteAsync_SortByName_OrdersIgnoringCaseBothWays()
    {
        await _data.AddCustomerAsync("charlie");
        await _data.AddCustomerAsync("Alice");
        await _data.AddCustomerAsync("bob");

        var asc = await _data.ListQuery().ExecuteAsync(new CustomerListRequest(Sort: CustomerSort.Name, Descending: false), CancellationToken.None);
        var desc = await _data.ListQuery().ExecuteAsync(new CustomerListRequest(Sort: CustomerSort.Name, Descending: true), CancellationToken.None);

        Assert.Equal(["Alice", "bob", "charlie"], asc.Items.Select(i => i.FullName));
        Assert.Equal(["charlie", "bob", "Alice"], desc.Items.Select(i => i.FullName));
    }

    [Fact]
    public async Task ExecuteAsync_SortByEmailCreatedAndLastLogin_FollowsThatColumn()
    {
        var t = _data.NowUtc;
        await _data.AddCustomerAsync("A", "zed@example.test", createdAtUtc: t.AddDays(-1), lastLoginAtUtc: t.AddHours(-5));
        await _data.AddCustomerAsync("B", "amy@example.test", createdAtUtc: t.AddDays(-3), lastLoginAtUtc: t.AddHours(-1));
        await _data.AddCustomerAsync("C", "kim@example.test", createdAtUtc: t.AddDays(-2), lastLoginAtUtc: t.AddHours(-9));
        var query = _data.ListQuery();

        var byEmail = await query.ExecuteAsync(new CustomerListRequest(Sort: CustomerSort.Email, Descending: false), CancellationToken.None);
        var byCreatedDesc = await query.ExecuteAsync(new CustomerListRequest(Sort: CustomerSort.Created, Descending: true), CancellationToken.None);
        var byLastLoginDesc = await query.ExecuteAsync(new CustomerListRequest(Sort: CustomerSort.LastLogin, Descending: true), CancellationToken.None);

        Assert.Equal(["B", "C", "A"], byEmail.Items.Select(i => i.FullName));
        Assert.Equal(["A", "C", "B"], byCreatedDesc.Items.Select(i => i.FullName));
        Assert.Equal(["B", "A", "C"], byLastLoginDesc.Items.Select(i => i.FullName));
    }

    [Fact]
    public async Task ExecuteAsync_SecondPage_ReturnsItsRowsAndTheTotalOfAllMatches()
    {
        for (var i = 1; i <= 7; i++)
        {
            await _data.AddCustomerAsync($"Customer {i:00}");
        }

        var page = await _data.ListQuery().ExecuteAsync(
            new CustomerListRequest(Sort: CustomerSort.Name, Descending: false, Page: 1, PageSize: 3), CancellationToken.None);

        Assert.Equal(["Customer 04", "Customer 05", "Customer 06"], page.Items.Select(i => i.FullName));
        Assert.Equal(7, page.TotalCount);
        Assert.Equal(1, page.Page);
        Assert.Equal(3, page.PageSize);
    }

    [Fact]
    public async Task ExecuteAsync_Paging_IsDoneByTheDatabase()
    {
        for (var i = 0; i < 5; i++)
        {
            await _data.AddCustomerAsync($"C{i}");
        }

        var sql = new SqlCapture();
        var query = new CustomerListQuery(_data.Contexts(sql), _data.Time);

        await query.ExecuteAsync(new CustomerListRequest("c", CustomerSort.Name, false, 1, 2), CancellationToken.None);

        Assert.Contains(sql.Commands, c => c.Contains("COUNT(", StringComparison.Ordinal) && c.Contains("LIKE", StringComparison.Ordinal));
        Assert.Contains(sql.Commands, c => c.Contains("LIMIT", StringComparison.Ordinal)
            && c.Contains("OFFSET", StringComparison.Ordinal) && c.Contains("ORDER BY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_Status_ReflectsStaffLockLockoutAndConfirmation()
    {
        var now = _data.NowUtc;
        await _data.AddCustomerAsync("Active");
        await _data.AddCustomerAsync("Unconfirmed", emailConfirmed: false);
        await _data.AddCustomerAsync("Staff locked", configure: u => { u.IsLockedByStaff = true; u.LockoutEnd = DateTimeOffset.MaxValue; });
        await _data.AddCustomerAsync("Locked out", configure: u => u.LockoutEnd = new DateTimeOffset(now.AddMinutes(10)));
        await _data.AddCustomerAsync("Lockout over", configure: u => u.LockoutEnd = new DateTimeOffset(now.AddMinutes(-10)));

        var result = await _data.ListQuery().ExecuteAsync(new CustomerListRequest(PageSize: 10), CancellationToken.None);
        var byName = result.Items.ToDictionary(i => i.FullName);

        Assert.Equal(CustomerStatus.Active, byName["Active"].Status);
        Assert.Equal(CustomerStatus.EmailUnconfirmed, byName["Unconfirmed"].Status);
        Assert.Equal(CustomerStatus.LockedByStaff, byName["Staff locked"].Status);
        Assert.Equal(CustomerStatus.LockedOut, byName["Locked out"].Status);
        Assert.Equal(now.AddMinutes(10), byName["Locked out"].LockedOutUntilUtc);
        Assert.Equal(CustomerStatus.Active, byName["Lockout over"].Status);
        Assert.Null(byName["Lockout over"].LockedOutUntilUtc);
    }

    [Fact]
    public async Task ExecuteAsync_Row_CarriesProfileColumns()
    {
        var customer = await _data.AddCustomerAsync("Ana", "ana@example.test", "Blocky Ltd");

        var item = Assert.Single((await _data.ListQuery().ExecuteAsync(new CustomerListRequest(), CancellationToken.None)).Items);

        Assert.Equal(("ana@example.test", "Blocky Ltd", "ES", "EUR"), (item.Email, item.Company, item.CountryCode, item.BillingCurrency));
        Assert.Equal(customer.CreatedAtUtc, item.CreatedAtUtc);
    }

    private sealed class SqlCapture : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
