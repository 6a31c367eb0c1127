namespace GameHost.App.Features.Catalog.Admin;

/// <summary>Marker for the tariff editor's panel pickers' strings (TariffPanelText.resx, TariffPanelText.es.resx).</summary>
public sealed class TariffPanelText;
