namespace GameHost.App.Features.Billing.Cabinet.Balance;

/// <summary>Marker for the balance and expense-history texts (<c>BalanceText.resx</c> and its translations).</summary>
public sealed class BalanceText;
