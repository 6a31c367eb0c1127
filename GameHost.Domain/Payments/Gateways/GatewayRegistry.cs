namespace GameHost.Domain.Payments.Gateways;

/// <summary>The adapters this host has registered, by code. A gateway account whose code has no adapter is never
/// offered (the demo gateway's adapter exists only in demo mode, so production cannot offer it).</summary>
public sealed class GatewayRegistry(IEnumerable<IPaymentGateway> gateways)
{
    private readonly Dictionary<string, IPaymentGateway> _byCode = gateways.GroupBy(g => g.Code, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IReadOnlyCollection<IPaymentGateway> All => _byCode.Values;

    public IPaymentGateway? Find(string code) => _byCode.GetValueOrDefault(code);
}
