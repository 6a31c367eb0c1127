using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Profile;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Accounts.Profile;

public class UpdateProfileTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Execute_Customer_SavesTrimmedNameLanguageAndBillingDetails()
    {
        var userId = await AddUserAsync(customer: true);
        await using var db = _database.NewContext();

        var result = await new UpdateProfile(db).ExecuteAsync(
            new UpdateProfileCommand(userId, " Ana Gómez ", "ES", " Acme ", "pt", " pt 123.456-789 "), CancellationToken.None);

        Assert.True(result.IsSuccess);
        await using var check = _database.NewContext();
        var user = await check.Users.Include(u => u.CustomerProfile).SingleAsync(u => u.Id == userId);
        Assert.Equal("Ana Gómez", user.FullName);
        Assert.Equal("es", user.PreferredLanguage);
        Assert.Equal("Acme", user.CustomerProfile!.Company);
        Assert.Equal("PT", user.CustomerProfile.CountryCode);
        Assert.Equal("PT 123.456-789", user.CustomerProfile.VatNumber);
        Assert.Equal("EUR", user.CustomerProfile.BillingCurrency);
    }

    [Fact]
    public async Task Execute_BlankOptionalFields_StoresNull()
    {
        var userId = await AddUserAsync(customer: true, company: "Old Co", vat: "ESB12345678");
        await using var db = _database.NewContext();

        var result = await new UpdateProfile(db).ExecuteAsync(new UpdateProfileCommand(userId, "Ana", "en", "  ", "ES", ""), CancellationToken.None);

        Assert.True(result.IsSuccess);
        await using var check = _database.NewContext();
        var profile = await check.CustomerProfiles.SingleAsync(p => p.UserId == userId);
        Assert.Null(profile.Company);
        Assert.Null(profile.VatNumber);
    }

    [Fact]
    public async Task Execute_Staff_IgnoresCustomerFields()
    {
        var userId = await AddUserAsync(customer: false);
        await using var db = _database.NewContext();

        var result = await new UpdateProfile(db).ExecuteAsync(new UpdateProfileCommand(userId, "Staff Member", "en", "X", "??", "!"), CancellationToken.None);

        Assert.True(result.IsSuccess);
        await using var check = _database.NewContext();
        Assert.Equal("Staff Member", (await check.Users.SingleAsync(u => u.Id == userId)).FullName);
        Assert.Empty(await check.CustomerProfiles.ToListAsync());
    }

    [Theory]
    [InlineData("", "en", "ES", null, ProfileErrors.FullNameRequiredCode)]
    [InlineData("Ana", "fr", "ES", null, ProfileErrors.LanguageUnsupportedCode)]
    [InlineData("Ana", "en", "XX", null, ProfileErrors.CountryInvalidCode)]
    [InlineData("Ana", "en", "", null, ProfileErrors.CountryInvalidCode)]
    [InlineData("Ana", "en", "ES", "x", ProfileErrors.VatNumberInvalidCode)]
    [InlineData("Ana", "en", "ES", "ES<script>", ProfileErrors.VatNumberInvalidCode)]
    public async Task Execute_BadInput_ReturnsCodeAndWritesNothing(string name, string language, string country, string? vat, string expectedCode)
    {
        var userId = await AddUserAsync(customer: true);
        await using var db = _database.NewContext();

        var result = await new UpdateProfile(db).ExecuteAsync(new UpdateProfileCommand(userId, name, language, "New Co", country, vat), CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(expectedCode, result.Error.Code);
        await using var check = _database.NewContext();
        var user = await check.Users.Include(u => u.CustomerProfile).SingleAsync(u => u.Id == userId);
        Assert.Equal("Original Name", user.FullName);
        Assert.Null(user.CustomerProfile!.Company);
    }

    [Fact]
    public async Task Execute_NameTooLong_ReturnsFullNameTooLong()
    {
        var userId = await AddUserAsync(customer: false);
        await using var db = _database.NewContext();

        var result = await new UpdateProfile(db).ExecuteAsync(
            new UpdateProfileCommand(userId, new string('a', ProfileRules.FullNameMaxLength + 1), "en"), CancellationToken.None);

        Assert.Equal(ProfileErrors.FullNameTooLongCode, result.Error?.Code);
    }

    [Fact]
    public async Task Execute_UnknownUser_ReturnsUserNotFound()
    {
        await using var db = _database.NewContext();

        var result = await new UpdateProfile(db).ExecuteAsync(new UpdateProfileCommand(Guid.NewGuid(), "Ana", "en"), CancellationToken.None);

        Assert.Equal(ProfileErrors.UserNotFoundCode, result.Error?.Code);
    }

    [Fact]
    public async Task ProfileQuery_Customer_ReturnsProfileWithBillingCurrency()
    {
        var userId = await AddUserAsync(customer: true);
        await using var db = _database.NewContext();

        var view = await new ProfileQuery(db).GetAsync(userId, CancellationToken.None);

        Assert.NotNull(view);
        Assert.True(view.IsCustomer);
        Assert.False(view.IsStaff);
        Assert.Equal("EUR", view.BillingCurrency);
        Assert.Equal("ES", view.CountryCode);
    }

    private async Task<Guid> AddUserAsync(bool customer, string? company = null, string? vat = null)
    {
        await using var db = _database.NewContext();
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = "user@example.test",
            NormalizedUserName = "USER@EXAMPLE.TEST",
            Email = "user@example.test",
            NormalizedEmail = "USER@EXAMPLE.TEST",
            FullName = "Original Name",
            PreferredLanguage = "en",
            SecurityStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        if (customer)
        {
            db.CustomerProfiles.Add(new CustomerProfile
            {
                Id = Guid.NewGuid(),
                UserId = user.Id,
                Company = company,
                CountryCode = "ES",
                BillingCurrency = "EUR",
                VatNumber = vat,
            });
        }

        await db.SaveChangesAsync();
        return user.Id;
    }
}
