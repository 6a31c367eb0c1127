namespace GameHost.App.Features.Payments.Gateways.PayFast;

/// <summary>How the PayFast adapter behaves (<c>Payments:PayFast</c> in appsettings.json). Merchant credentials and
/// URLs are per gateway account (<see cref="PayFastGateway.SettingFields"/>), not here.</summary>
public sealed class PayFastGatewayOptions
{
    public const string Section = "Payments:PayFast";

    /// <summary>Time limit of the ITN validation postback and the connection test.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Hosts whose addresses may send ITNs (contract §4.3 check 2).</summary>
    public List<string> ItnHosts { get; set; } = ["www.payfast.co.za", "sandbox.payfast.co.za", "w1w.payfast.co.za", "w2w.payfast.co.za"];

    /// <summary>Extra address ranges (CIDR, e.g. <c>197.97.145.144/28</c>) accepted as PayFast besides the resolved hosts.</summary>
    public List<string> AllowedRanges { get; set; } = [];

    /// <summary>How long resolved host addresses are reused.</summary>
    public TimeSpan DnsCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>PayFast has no status query the contract relies on: an attempt with no ITN after this long is expired.</summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromHours(24);
}
