using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.Domain.Accounts;

public class RegisterCustomerTests : IDisposable
{
    private readonly AccountsTestServices _services = new();

    public void Dispose() => _services.Dispose();

    private static RegisterCustomerInput Input(
        string email = "mia@example.test", string password = "Sup3rSecret", string country = "ZA", string currency = "ZAR",
        string language = "en", string fullName = "Mia Miner") =>
        new(email, password, fullName, "Creeper Crew", country, currency, language, " za 4012 345 678 ");

    private async Task<Result> RegisterAsync(RegisterCustomerInput input, AccountsTestServices? services = null)
    {
        await using var scope = (services ?? _services).NewScope();
        var result = await scope.ServiceProvider.GetRequiredService<RegisterCustomer>().ExecuteAsync(input, new FakeAccountLinks(), CancellationToken.None);
        return new Result(result.IsSuccess ? null : result.Error.Code, result.IsSuccess ? null : result.Error.Message, result.IsSuccess ? result.Value.Id : null);
    }

    private sealed record Result(string? Code, string? Message, Guid? UserId);

    [Fact]
    public async Task ExecuteAsync_ValidInput_CreatesUserRoleProfileAndOneConfirmationEmail()
    {
        var result = await RegisterAsync(Input());

        Assert.Null(result.Code);
        await using var db = _services.Database.NewContext();
        var user = await db.Users.Include(u => u.CustomerProfile).SingleAsync();
        Assert.Equal(result.UserId, user.Id);
        Assert.Equal("mia@example.test", user.Email);
        Assert.False(user.EmailConfirmed);
        Assert.Equal("Mia Miner", user.FullName);
        Assert.Equal(_services.Time.GetUtcNow().UtcDateTime, user.CreatedAtUtc);
        Assert.NotNull(user.CustomerProfile);
        Assert.Equal("ZA", user.CustomerProfile.CountryCode);
        Assert.Equal("ZAR", user.CustomerProfile.BillingCurrency);
        Assert.Equal("Creeper Crew", user.CustomerProfile.Company);
        Assert.Equal("ZA4012345678", user.CustomerProfile.VatNumber);

        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name).ToListAsync();
        Assert.Equal([Roles.Customer], roles);

        var email = Assert.Single(await db.OutboundEmails.ToListAsync());
        Assert.Equal("mia@example.test", email.ToAddress);
        Assert.Equal(NotificationCatalogue.Codes.ConfirmEmail, email.Category);
        Assert.Equal(user.Id, email.UserId);
        Assert.Contains($"https://example.test/confirm?user={user.Id}&token=", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ConfirmationToken_ConfirmsTheEmail()
    {
        var result = await RegisterAsync(Input());

        await using var scope = _services.NewScope();
        var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();
        var body = (await db.OutboundEmails.SingleAsync()).TextBody;
        var token = Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(body, "token=([^\\s]+)").Groups[1].Value);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(result.UserId!.Value.ToString());

        Assert.True((await users.ConfirmEmailAsync(user!, token)).Succeeded);
    }

    [Fact]
    public async Task ExecuteAsync_EmailAlreadyRegisteredInOtherCase_ReturnsEmailTaken()
    {
        await RegisterAsync(Input());

        var second = await RegisterAsync(Input(email: "MIA@Example.test"));

        Assert.Equal(AccountErrors.EmailTakenCode, second.Code);
        await using var db = _services.Database.NewContext();
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.Equal(1, await db.OutboundEmails.CountAsync());
    }

    [Theory]
    [InlineData("XX", "USD", AccountErrors.UnknownCountryCode)]
    [InlineData("", "USD", AccountErrors.UnknownCountryCode)]
    [InlineData("DE", "DEM", AccountErrors.UnknownCurrencyCode)]
    public async Task ExecuteAsync_UnknownCountryOrCurrency_ReturnsCodeAndWritesNothing(string country, string currency, string expectedCode)
    {
        var result = await RegisterAsync(Input(country: country, currency: currency));

        Assert.Equal(expectedCode, result.Code);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task ExecuteAsync_PasswordRejected_ReturnsCodeWithIdentityDescriptionAndWritesNothing()
    {
        var result = await RegisterAsync(Input(password: "short"));

        Assert.Equal(AccountErrors.PasswordRejectedCode, result.Code);
        Assert.Contains("at least 10 characters", result.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task ExecuteAsync_StepFailsAfterUserWasSaved_RollsBackTheUser()
    {
        // Without roles the Customer role cannot be added; by then Identity has already saved the user.
        using var services = new AccountsTestServices(seedRoles: false);

        await Assert.ThrowsAsync<InvalidOperationException>(() => RegisterAsync(Input(), services));

        await using var db = services.Database.NewContext();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.OutboundEmails.CountAsync());
    }

    [Fact]
    public async Task ExecuteAsync_SpanishSpeaker_QueuesSpanishEmail()
    {
        await RegisterAsync(Input(language: "es"));

        await using var db = _services.Database.NewContext();
        var email = await db.OutboundEmails.SingleAsync();
        Assert.Equal("Confirma tu dirección de correo en Blocky Hosting", email.Subject);
        Assert.Equal("es", (await db.Users.SingleAsync()).PreferredLanguage);
    }

    private async Task AssertNothingWrittenAsync()
    {
        await using var db = _services.Database.NewContext();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.UserRoles.CountAsync());
        Assert.Equal(0, await db.CustomerProfiles.CountAsync());
        Assert.Equal(0, await db.OutboundEmails.CountAsync());
    }
}
