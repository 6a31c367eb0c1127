namespace GameHost.App.Features.Accounts;

/// <summary>Marker for the sign-up, sign-in, recovery and set-up texts (<c>AccountsText.resx</c> and translations).</summary>
public sealed class AccountsText;
