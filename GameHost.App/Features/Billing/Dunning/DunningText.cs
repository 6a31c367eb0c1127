namespace GameHost.App.Features.Billing.Dunning;

/// <summary>Marker for the dunning and promised-payment texts (<c>DunningText.resx</c> and translations).</summary>
public sealed class DunningText;
