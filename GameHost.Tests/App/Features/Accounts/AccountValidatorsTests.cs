using System.Globalization;
using GameHost.App.Features.Accounts;
using GameHost.App.Features.Accounts.Register;
using GameHost.App.Features.Accounts.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.App.Features.Accounts;

public class AccountValidatorsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _previous;
        _services.Dispose();
    }

    private IStringLocalizer<AccountsText> L => _services.GetRequiredService<IStringLocalizer<AccountsText>>();

    private static IOptions<IdentityOptions> Identity() =>
        Options.Create(new IdentityOptions { Password = { RequiredLength = 10, RequireNonAlphanumeric = false } });

    private static RegisterModel Valid() => new()
    {
        FullName = "Mia Miner",
        Email = "mia@example.test",
        Password = "Sup3rSecret",
        ConfirmPassword = "Sup3rSecret",
        CountryCode = "ZA",
        PreferredLanguage = "en",
        AcceptTerms = true,
    };

    private Dictionary<string, string> Errors(RegisterModel model) =>
        new RegisterModelValidator(L, Identity()).Validate(model).Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.First().ErrorMessage, StringComparer.Ordinal);

    [Fact]
    public void Validate_CompleteModel_HasNoErrors() => Assert.Empty(Errors(Valid()));

    [Theory]
    [InlineData("en", "Enter a valid e-mail address, like name@example.com.", "Use at least 10 characters.", "Accept the terms to create an account.")]
    [InlineData("es", "Escribe una dirección de correo válida, como nombre@ejemplo.com.", "Usa al menos 10 caracteres.", "Acepta las condiciones para crear la cuenta.")]
    public void Validate_BadInput_ExplainsEachFieldInTheVisitorsLanguage(string culture, string email, string password, string terms)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var model = Valid();
        model.Email = "not-an-address";
        model.Password = "Short1";
        model.ConfirmPassword = "Short1";
        model.AcceptTerms = false;

        var errors = Errors(model);

        Assert.Equal(email, errors[nameof(RegisterModel.Email)]);
        Assert.Equal(password, errors[nameof(RegisterModel.Password)]);
        Assert.Equal(terms, errors[nameof(RegisterModel.AcceptTerms)]);
    }

    [Theory]
    [InlineData("sup3rsecretpw", "Add an upper-case letter.")]
    [InlineData("SUP3RSECRETPW", "Add a lower-case letter.")]
    [InlineData("SuperSecretPw", "Add a digit.")]
    public void Validate_PasswordMissingAClass_SaysWhichOne(string password, string expected)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var model = Valid();
        model.Password = password;
        model.ConfirmPassword = password;

        Assert.Equal(expected, Errors(model)[nameof(RegisterModel.Password)]);
    }

    [Theory]
    [InlineData(nameof(RegisterModel.CountryCode), "XX")]
    [InlineData(nameof(RegisterModel.BillingCurrency), "DEM")]
    [InlineData(nameof(RegisterModel.PreferredLanguage), "fr")]
    [InlineData(nameof(RegisterModel.VatNumber), "<b>")]
    [InlineData(nameof(RegisterModel.ConfirmPassword), "Different1Pw")]
    public void Validate_ValueOutsideTheChoices_FailsAtThatField(string field, string value)
    {
        var model = Valid();
        typeof(RegisterModel).GetProperty(field)!.SetValue(model, value);

        Assert.Contains(field, Errors(model).Keys);
    }

    [Theory]
    [InlineData("ESB12345678")]
    [InlineData("GB 123 4567 89")]
    [InlineData("4012345678")]
    [InlineData("")]
    public void Validate_PlausibleVatNumber_IsAccepted(string vat)
    {
        var model = Valid();
        model.VatNumber = vat;

        Assert.DoesNotContain(nameof(RegisterModel.VatNumber), Errors(model).Keys);
    }

    [Theory]
    [InlineData("ZA", "ZAR")]
    [InlineData("FR", "EUR")]
    [InlineData("CA", "USD")]
    public void ResolvedCurrency_NoCurrencyChosen_FollowsTheCountry(string country, string expected)
    {
        var model = Valid();
        model.CountryCode = country;

        Assert.Equal(expected, model.ResolvedCurrency());
        model.BillingCurrency = "GBP";
        Assert.Equal("GBP", model.ResolvedCurrency());
    }

    [Fact]
    public void OwnerSetupValidator_MissingName_AsksForItInSpanish()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("es");
        var model = new OwnerSetupModel { Email = "o@example.test", Password = "0wnerPassword", ConfirmPassword = "0wnerPassword" };

        var error = Assert.Single(new OwnerSetupModelValidator(L, Identity()).Validate(model).Errors);

        Assert.Equal(nameof(OwnerSetupModel.FullName), error.PropertyName);
        Assert.Equal("Escribe tu nombre.", error.ErrorMessage);
    }

    [Fact]
    public void Countries_InSpanish_AreNamedInSpanish()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("es");
        var options = AccountOptions.Countries(_services.GetRequiredService<IStringLocalizer<CountryNamesText>>());
        var names = options.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

        Assert.Equal(249, names.Count);
        Assert.Equal("Alemania", names["DE"]);
        Assert.Equal("Sudáfrica", names["ZA"]);
        Assert.Equal("Afganistán", options[0].Value);
    }
}
