using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Accounts.Setup;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.Domain.Accounts;

public class CreateOwnerTests : IDisposable
{
    private readonly AccountsTestServices _services = new();

    public void Dispose() => _services.Dispose();

    private async Task<(string? Code, ApplicationUser? User)> CreateAsync(string email, string password = "0wnerPassword")
    {
        await using var scope = _services.NewScope();
        var result = await scope.ServiceProvider.GetRequiredService<CreateOwner>()
            .ExecuteAsync(new CreateOwnerInput(email, password, "Olivia Owner", "es"), CancellationToken.None);
        return result.IsSuccess ? (null, result.Value) : (result.Error.Code, null);
    }

    [Fact]
    public async Task ExecuteAsync_NoAdminYet_CreatesConfirmedAdmin()
    {
        var (code, owner) = await CreateAsync("olivia@example.test");

        Assert.Null(code);
        await using var scope = _services.NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var stored = await users.FindByEmailAsync("olivia@example.test");
        Assert.NotNull(stored);
        Assert.Equal(owner!.Id, stored.Id);
        Assert.True(stored.EmailConfirmed);
        Assert.Equal("es", stored.PreferredLanguage);
        Assert.True(await users.IsInRoleAsync(stored, Roles.Admin));
        Assert.True(await users.CheckPasswordAsync(stored, "0wnerPassword"));
        Assert.True(await scope.ServiceProvider.GetRequiredService<OwnerSetupQuery>().AdminExistsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_SecondCall_ReturnsSetupDoneAndCreatesNoOneElse()
    {
        await CreateAsync("olivia@example.test");

        var (code, _) = await CreateAsync("mallory@example.test");

        Assert.Equal(AccountErrors.SetupDoneCode, code);
        await using var scope = _services.NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Null(await users.FindByEmailAsync("mallory@example.test"));
        Assert.Single(await users.GetUsersInRoleAsync(Roles.Admin));
    }

    [Fact]
    public async Task ExecuteAsync_WeakPassword_ReturnsPasswordRejectedAndLeavesSetupOpen()
    {
        var (code, _) = await CreateAsync("olivia@example.test", password: "weak");

        Assert.Equal(AccountErrors.PasswordRejectedCode, code);
        await using var scope = _services.NewScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<OwnerSetupQuery>().AdminExistsAsync(CancellationToken.None));
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("olivia@example.test"));
    }

    [Fact]
    public async Task AdminExistsAsync_OnlyCustomersAndSupport_IsFalse()
    {
        await using (var scope = _services.NewScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            foreach (var (email, role) in new[] { ("c@example.test", Roles.Customer), ("s@example.test", Roles.Support) })
            {
                var user = new ApplicationUser { Id = Guid.NewGuid(), UserName = email, Email = email, FullName = email };
                await users.CreateAsync(user, "Passw0rdLong");
                await users.AddToRoleAsync(user, role);
            }
        }

        await using var check = _services.NewScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<OwnerSetupQuery>().AdminExistsAsync(CancellationToken.None));
    }
}
