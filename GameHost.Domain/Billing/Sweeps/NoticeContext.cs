namespace GameHost.Domain.Billing.Sweeps;

/// <summary>Where notices point and how they are signed; the host fills it from its settings.</summary>
public sealed record NoticeContext(string SiteName, string CabinetUrl);
