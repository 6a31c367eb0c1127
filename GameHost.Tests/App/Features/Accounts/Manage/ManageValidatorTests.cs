using GameHost.App.Features.Accounts.Manage;
using GameHost.App.Features.Accounts.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.App.Features.Accounts.Manage;

public class ManageValidatorTests
{
    private static readonly ResourceManagerStringLocalizerFactory Localizers =
        new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    private static IStringLocalizer<T> Text<T>() => new StringLocalizer<T>(Localizers);

    [Fact]
    public void ProfileFormValidator_Customer_RequiresKnownCountryAndPlausibleVat()
    {
        var validator = new ProfileFormValidator(Text<ManageText>());

        var result = validator.Validate(new ProfileForm { FullName = "Ana", PreferredLanguage = "en", CountryCode = "ZZ", VatNumber = "1", IsCustomer = true });

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(ProfileForm.CountryCode) && e.ErrorMessage == "Choose a country from the list.");
        Assert.Contains(result.Errors, e => e.PropertyName == nameof(ProfileForm.VatNumber));
    }

    [Fact]
    public void ProfileFormValidator_Staff_IgnoresCustomerFields()
    {
        var validator = new ProfileFormValidator(Text<ManageText>());

        var result = validator.Validate(new ProfileForm { FullName = "Ana", PreferredLanguage = "es", CountryCode = "ZZ", IsCustomer = false });

        Assert.True(result.IsValid);
    }

    [Fact]
    public void ProfileFormValidator_BlankNameAndUnknownLanguage_AreRefused()
    {
        var validator = new ProfileFormValidator(Text<ManageText>());

        var result = validator.Validate(new ProfileForm { FullName = "  ", PreferredLanguage = "de" });

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(ProfileForm.FullName) && e.ErrorMessage == "Enter your full name.");
        Assert.Contains(result.Errors, e => e.PropertyName == nameof(ProfileForm.PreferredLanguage));
    }

    [Fact]
    public void ProfileFormValidator_InSpanish_SpeaksSpanish()
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("es");
        try
        {
            var result = new ProfileFormValidator(Text<ManageText>()).Validate(new ProfileForm { FullName = "", PreferredLanguage = "en" });

            Assert.Equal("Escribe tu nombre completo.", result.Errors.Single(e => e.PropertyName == nameof(ProfileForm.FullName)).ErrorMessage);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData(null, "Secret-Password-1", false)]
    [InlineData("not-an-email", "Secret-Password-1", false)]
    [InlineData("ana@example.test", "", false)]
    [InlineData("ana@example.test", "Secret-Password-1", true)]
    public void ChangeEmailFormValidator_ChecksAddressAndPassword(string? email, string password, bool valid)
    {
        var result = new ChangeEmailFormValidator(Text<ManageText>()).Validate(new ChangeEmailForm { NewEmail = email, Password = password });

        Assert.Equal(valid, result.IsValid);
    }

    [Theory]
    [InlineData("Old-Password-1", "New-Password-2", "New-Password-2", true)]
    [InlineData("", "New-Password-2", "New-Password-2", false)]
    [InlineData("Old-Password-1", "Short1A", "Short1A", false)]
    [InlineData("Old-Password-1", "New-Password-2", "New-Password-3", false)]
    [InlineData("Same-Password-1", "Same-Password-1", "Same-Password-1", false)]
    public void ChangePasswordFormValidator_ChecksShape(string current, string next, string confirm, bool valid)
    {
        var identity = Options.Create(new IdentityOptions { Password = { RequiredLength = 10 } });

        var result = new ChangePasswordFormValidator(Text<ManageText>(), identity)
            .Validate(new ChangePasswordForm { CurrentPassword = current, NewPassword = next, ConfirmPassword = confirm });

        Assert.Equal(valid, result.IsValid);
    }

    [Theory]
    [InlineData("123456", true)]
    [InlineData("123 456", true)]
    [InlineData("12345", false)]
    [InlineData("12345a", false)]
    [InlineData(null, false)]
    public void TotpValidators_AcceptSixDigitsOnly(string? code, bool valid)
    {
        Assert.Equal(valid, new VerifyAuthenticatorFormValidator(Text<ManageText>()).Validate(new VerifyAuthenticatorForm { Code = code }).IsValid);
        Assert.Equal(valid, new LoginWith2faFormValidator(Text<TwoFactorText>()).Validate(new LoginWith2faForm { Code = code }).IsValid);
    }

    [Theory]
    [InlineData("AB12C-3DE45", true)]
    [InlineData("ab12c 3de45", true)]
    [InlineData("abc", false)]
    [InlineData("AB12C-3DE45'; --", false)]
    public void LoginWithRecoveryCodeFormValidator_ChecksShape(string code, bool valid)
    {
        var result = new LoginWithRecoveryCodeFormValidator(Text<TwoFactorText>()).Validate(new LoginWithRecoveryCodeForm { RecoveryCode = code });

        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void AuthenticatorSetup_FormatKey_GroupsOfFourLowerCase()
    {
        Assert.Equal("abcd efgh ij", AuthenticatorSetup.FormatKey("ABCDEFGHIJ"));
    }

    [Fact]
    public void AuthenticatorSetup_OtpAuthUri_CarriesIssuerAccountAndSecret()
    {
        var uri = AuthenticatorSetup.OtpAuthUri("Game Host", "ana@example.test", "ABCDEFGH");

        Assert.Equal("otpauth://totp/Game%20Host:ana%40example.test?secret=ABCDEFGH&issuer=Game%20Host&digits=6&period=30", uri.OriginalString);
    }

    [Theory]
    [InlineData("en", "DE", "Germany")]
    [InlineData("es", "DE", "Alemania")]
    [InlineData("es", "ES", "España")]
    public void CountryNames_For_SpeaksTheReadersLanguage(string language, string code, string expected)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(language);
        try
        {
            Assert.Equal(expected, CountryNames.For(code));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
