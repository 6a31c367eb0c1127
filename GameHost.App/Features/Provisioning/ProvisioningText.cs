namespace GameHost.App.Features.Provisioning;

/// <summary>Marker for the provisioning feature's strings (ProvisioningText.resx, ProvisioningText.es.resx).</summary>
public sealed class ProvisioningText;
