using System.Text.RegularExpressions;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Recovery;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.Domain.Accounts;

public class AccountRecoveryTests : IDisposable
{
    private const string OldPassword = "OldPassw0rd!";
    private readonly AccountsTestServices _services = new();

    public void Dispose() => _services.Dispose();

    private async Task<ApplicationUser> CreateUserAsync(string email, bool confirmed)
    {
        await using var scope = _services.NewScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = confirmed, FullName = "Rita", PreferredLanguage = "en" };
        Assert.True((await users.CreateAsync(user, OldPassword)).Succeeded);
        return user;
    }

    private async Task<bool> RunAsync(Func<AccountRecovery, Task<bool>> action)
    {
        await using var scope = _services.NewScope();
        return await action(scope.ServiceProvider.GetRequiredService<AccountRecovery>());
    }

    private async Task<List<EmailView>> EmailsAsync()
    {
        await using var db = _services.Database.NewContext();
        return await db.OutboundEmails.Select(e => new EmailView(e.ToAddress, e.Category, e.TextBody)).ToListAsync();
    }

    [Fact]
    public async Task RequestPasswordResetAsync_UnknownAddress_QueuesNothing()
    {
        Assert.False(await RunAsync(r => r.RequestPasswordResetAsync("nobody@example.test", new FakeAccountLinks(), CancellationToken.None)));
        Assert.Empty(await EmailsAsync());
    }

    [Fact]
    public async Task RequestPasswordResetAsync_UnconfirmedAccount_QueuesNothing()
    {
        await CreateUserAsync("rita@example.test", confirmed: false);

        Assert.False(await RunAsync(r => r.RequestPasswordResetAsync("rita@example.test", new FakeAccountLinks(), CancellationToken.None)));
        Assert.Empty(await EmailsAsync());
    }

    [Fact]
    public async Task RequestPasswordResetAsync_ConfirmedAccount_QueuesResetLinkThatResetsPasswordAndLiftsLockout()
    {
        var user = await CreateUserAsync("rita@example.test", confirmed: true);
        await using (var scope = _services.NewScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id.ToString()))!, _services.Time.GetUtcNow().AddMinutes(10));
        }

        Assert.True(await RunAsync(r => r.RequestPasswordResetAsync("RITA@example.test", new FakeAccountLinks(), CancellationToken.None)));

        var email = Assert.Single(await EmailsAsync());
        Assert.Equal(NotificationCatalogue.Codes.PasswordReset, email.Category);
        var token = Uri.UnescapeDataString(Regex.Match(email.TextBody, "token=([^\\s]+)").Groups[1].Value);
        await using var reset = _services.NewScope();
        var result = await reset.ServiceProvider.GetRequiredService<AccountRecovery>().ResetPasswordAsync("rita@example.test", token, "NewPassw0rd!");
        Assert.True(result.Succeeded);
        var manager = reset.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var stored = (await manager.FindByEmailAsync("rita@example.test"))!;
        Assert.True(await manager.CheckPasswordAsync(stored, "NewPassw0rd!"));
        Assert.False(await manager.IsLockedOutAsync(stored));
    }

    [Fact]
    public async Task ResetPasswordAsync_ForgedToken_FailsAndKeepsPassword()
    {
        await CreateUserAsync("rita@example.test", confirmed: true);

        await using var scope = _services.NewScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountRecovery>().ResetPasswordAsync("rita@example.test", "forged", "NewPassw0rd!");

        Assert.False(result.Succeeded);
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await manager.CheckPasswordAsync((await manager.FindByEmailAsync("rita@example.test"))!, OldPassword));
    }

    [Fact]
    public async Task ResendConfirmationAsync_UnconfirmedAccount_QueuesConfirmationEmail()
    {
        await CreateUserAsync("rita@example.test", confirmed: false);

        Assert.True(await RunAsync(r => r.ResendConfirmationAsync("rita@example.test", new FakeAccountLinks(), CancellationToken.None)));

        Assert.Equal(NotificationCatalogue.Codes.ConfirmEmail, Assert.Single(await EmailsAsync()).Category);
        await using var db = _services.Database.NewContext();
        var notification = Assert.Single(await db.Notifications().Include(n => n.Deliveries).ToListAsync());
        Assert.Equal((NotificationCatalogue.Codes.ConfirmEmail, false), (notification.EventCode, notification.ShowInApp));
        Assert.Equal(NotificationChannel.Email, Assert.Single(notification.Deliveries).Channel);
    }

    [Fact]
    public async Task ResendConfirmationAsync_ConfirmedOrUnknownAccount_QueuesNothing()
    {
        await CreateUserAsync("rita@example.test", confirmed: true);

        Assert.False(await RunAsync(r => r.ResendConfirmationAsync("rita@example.test", new FakeAccountLinks(), CancellationToken.None)));
        Assert.False(await RunAsync(r => r.ResendConfirmationAsync("ghost@example.test", new FakeAccountLinks(), CancellationToken.None)));
        Assert.Empty(await EmailsAsync());
    }
}

internal sealed record EmailView(string ToAddress, string Category, string TextBody);
