namespace GameHost.Domain.Accounts.Registration;

/// <summary>Marker for the account e-mail texts (<c>AccountEmailsText.resx</c> and its translations).</summary>
public sealed class AccountEmailsText;
