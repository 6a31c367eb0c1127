namespace GameHost.App.Features.Accounts.TwoFactor;

/// <summary>Marker for the two-factor sign-in strings (TwoFactorText.resx, TwoFactorText.es.resx).</summary>
public sealed class TwoFactorText;
