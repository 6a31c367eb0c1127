using System.Net;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Audit;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Customers;

public class CustomerLockThroughAppTests
{
    [Fact]
    public async Task LockCustomer_InTheRunningApp_EndsInAnAuditRowAndIdentityRefusesSignIn()
    {
        using var factory = new GameHostAppFactory();
        using var client = factory.CreateClient();
        await client.GetAsync(new Uri("/health", UriKind.Relative));
        Guid staffId, customerId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            staffId = await CreateUserAsync(users, "agent@gamehost.test", Roles.Support);
            customerId = await CreateUserAsync(users, "player@example.test", Roles.Customer);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<LockCustomer>()
                .ExecuteAsync(new LockCustomerCommand(staffId, customerId, "Chargeback"), CancellationToken.None);
            Assert.Equal(AccessChange.Changed, result.Value);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<AuditLogQuery>()
                .ForSubjectAsync(CustomerAccess.SubjectType, CustomerAccess.SubjectId(customerId), 0, 10, CancellationToken.None);
            var entry = Assert.Single(audit.Items);
            Assert.Equal((CustomerAccess.LockedAction, "agent@gamehost.test"), (entry.Action, entry.ActorName));

            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var customer = await users.FindByIdAsync(customerId.ToString());
            Assert.True(await users.IsLockedOutAsync(customer!));
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
            // Staff-locked accounts are refused before the password is even checked (GameHostSignInManager).
            var attempt = await signIn.CheckPasswordSignInAsync(customer!, Password, lockoutOnFailure: false);
            Assert.False(attempt.Succeeded);
            Assert.True(attempt.IsNotAllowed || attempt.IsLockedOut);
        }
    }

    [Theory]
    [InlineData("/admin/customers")]
    [InlineData("/admin")]
    [InlineData("/cabinet")]
    public async Task Get_Anonymous_RedirectsToLogin(string path)
    {
        using var factory = new GameHostAppFactory();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private const string Password = "Correct-Horse-42";

    private static async Task<Guid> CreateUserAsync(UserManager<ApplicationUser> users, string email, string role)
    {
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = email,
        };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }
}
