namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// The built-in demo panel (<c>Provisioning:DemoPanel</c>). It is switched on with the demo seed (Development, or
/// <c>--Demo:Seed true</c>) unless <see cref="Enabled"/> says otherwise, and never in Production.
/// </summary>
public sealed class DemoPanelOptions
{
    public const string Section = "Provisioning:DemoPanel";

    /// <summary>Null = follow the demo seed.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The panel's own limit per minute (the real default is 240).</summary>
    public int RequestsPerMinute { get; set; } = 240;

    /// <summary>How long a new server installs before it is ready. Null or 0: only when told (<see cref="DemoPanel.CompleteInstall"/>).</summary>
    public int? InstallSeconds { get; set; } = 20;

    /// <summary>A fixed key (tests, benchmarks); null = a fresh random key at every start.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How many of the most recent requests the request log keeps (a benchmark's run may need them all).</summary>
    public int RequestLogCapacity { get; set; } = DemoPanelRequestLog.DefaultCapacity;

    /// <summary>Where the state is kept between restarts; null = memory only.</summary>
    public string? StateFile { get; set; }
}
