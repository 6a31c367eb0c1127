namespace GameHost.Domain.Provisioning.Tasks;

/// <summary>Marker for the provisioning e-mail texts (<c>ProvisioningEmailsText.resx</c> and its translations).</summary>
public sealed class ProvisioningEmailsText;
