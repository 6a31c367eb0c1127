namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>Marker for the demo panel's page strings (DemoPanelText.resx, DemoPanelText.es.resx).</summary>
public sealed class DemoPanelText;
