using System.Globalization;
using GameHost.App.Components.Shared.Forms;
using GameHost.Domain.Accounts.Registration;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts.Register;

public partial class Register
{
    private FluentValidator? _validator;

    [Inject]
    private RegisterCustomer RegisterCustomer { get; set; } = default!;

    [Inject]
    private AccountLinksFactory Links { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Where the visitor was going (e.g. an order form): kept through the confirmation e-mail to the login.</summary>
    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromForm(FormName = "register")]
    private RegisterModel Input { get; set; } = default!;

    [Inject]
    private IStringLocalizer<CountryNamesText> CountryNames { get; set; } = default!;

    private IReadOnlyList<KeyValuePair<string, string>> Countries => AccountOptions.Countries(CountryNames);

    protected override void OnInitialized() =>
        Input ??= new RegisterModel { PreferredLanguage = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName };

    private async Task RegisterAsync()
    {
        var input = new RegisterCustomerInput(
            Input.Email!, Input.Password!, Input.FullName!, Input.Company, Input.CountryCode!,
            Input.ResolvedCurrency(), Input.PreferredLanguage!, Input.VatNumber);
        var result = await RegisterCustomer.ExecuteAsync(input, Links.ForCurrentRequest(ReturnUrl), CancellationToken.None);
        if (result.IsSuccess)
        {
            Navigation.NavigateTo(ReturnUrlLink.To("/account/check-inbox", ReturnUrl));
            return;
        }

        _validator?.AddError(result.Error.Field ?? nameof(RegisterModel.Email), AccountValidationRules.Describe(result.Error, L));
    }
}
