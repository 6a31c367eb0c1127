namespace GameHost.Bench.Provisioning;

public sealed record ProvisioningBenchmarkOptions(
    int Servers, int ServersPerCustomer, int PanelLimit, int ClientLimit, int InstallSeconds, int MaxMinutes)
{
    public static ProvisioningBenchmarkOptions From(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ProvisioningBenchmarkOptions(
            args.Number("servers", 1000),
            args.Number("servers-per-customer", 1),
            args.Number("panel-limit", 240),
            args.Number("client-limit", 200),
            args.Number("install-seconds", 2),
            args.Number("max-minutes", 120));
        args.EnsureAllUsed();
        return options;
    }

    public int Customers => (Servers + ServersPerCustomer - 1) / ServersPerCustomer;
}
