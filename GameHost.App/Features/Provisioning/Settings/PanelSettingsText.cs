namespace GameHost.App.Features.Provisioning.Settings;

/// <summary>Marker for the panel settings' strings (PanelSettingsText.resx, PanelSettingsText.es.resx).</summary>
public sealed class PanelSettingsText;
