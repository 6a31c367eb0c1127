using System.Globalization;

namespace GameHost.Domain.Billing.Balance;

/// <summary>The low-balance warnings (catalogue event <c>billing.low_balance</c>) sent before pay-as-you-go services stop.</summary>
public static class LowBalanceNotices
{
    /// <summary>One warning per customer, low spell and threshold.</summary>
    public static string Key(Guid customerId, int spell, bool final) =>
        $"low-balance:{customerId:N}:{spell.ToString(CultureInfo.InvariantCulture)}:{(final ? "final" : "first")}";
}
