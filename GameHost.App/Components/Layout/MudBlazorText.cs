namespace GameHost.App.Components.Layout;

/// <summary>Marker for the translations of MudBlazor's own texts (MudBlazorText.resx, MudBlazorText.es.resx).</summary>
public sealed class MudBlazorText;
