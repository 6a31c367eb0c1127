namespace GameHost.App.Features.Accounts.Manage;

/// <summary>Marker for the account settings strings (ManageText.resx, ManageText.es.resx).</summary>
public sealed class ManageText;
