namespace GameHost.App.Features.Billing.Admin.Ledger;

/// <summary>Marker for the staff ledger page's texts (<c>LedgerAdminText.resx</c> and its translations).</summary>
public sealed class LedgerAdminText;
