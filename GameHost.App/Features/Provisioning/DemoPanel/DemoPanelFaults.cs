namespace GameHost.App.Features.Provisioning.DemoPanel;

public enum DemoPanelFaultKind
{
    /// <summary>429 <c>ThrottleRequestsException</c> with <c>Retry-After</c>.</summary>
    RateLimited = 0,

    /// <summary>500 <c>QueryException</c>.</summary>
    ServerError = 1,

    /// <summary>504 <c>DaemonConnectionException</c>: the node's daemon did not answer.</summary>
    DaemonDown = 2,

    /// <summary>409 <c>ConflictHttpException</c>: the server is being transferred.</summary>
    Transfer = 3,

    /// <summary>The connection is cut without an answer.</summary>
    DropConnection = 4,

    /// <summary>The answer comes after <see cref="DemoPanelFault.Delay"/>.</summary>
    Slow = 5,

    /// <summary>No answer until the caller gives up.</summary>
    Hang = 6,

    /// <summary>302 to <c>/auth/login</c>, as a panel or proxy does for a browser.</summary>
    RedirectToLogin = 7,

    /// <summary>200 with an HTML page (a maintenance or proxy page).</summary>
    HtmlPage = 8,

    /// <summary>400 <c>TwoFactorAuthRequiredException</c>.</summary>
    TwoFactorRequired = 9,
}

/// <summary>
/// A failure the demo panel serves instead of (or, with <see cref="AfterCommit"/>, after carrying out) a request, to
/// prove the client's handling of each class of trouble.
/// </summary>
public sealed record DemoPanelFault(DemoPanelFaultKind Kind)
{
    /// <summary>Carry the request out first (a server is created), then fail: the case where the outcome is unknown.</summary>
    public bool AfterCommit { get; init; }

    public TimeSpan Delay { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    public static DemoPanelFault RateLimited(int retryAfterSeconds) => new(DemoPanelFaultKind.RateLimited) { RetryAfterSeconds = retryAfterSeconds };

    public static DemoPanelFault Slow(TimeSpan delay) => new(DemoPanelFaultKind.Slow) { Delay = delay };

    public static DemoPanelFault Of(DemoPanelFaultKind kind) => new(kind);

    /// <summary>The same failure, served after the request has changed the panel's state.</summary>
    public DemoPanelFault ThenAfterCommit() => this with { AfterCommit = true };
}

/// <summary>Failures queued per route for the next N matching calls.</summary>
public sealed class DemoPanelFaults
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <param name="method">HTTP method, or <c>*</c> for any.</param>
    /// <param name="pathPattern">Path under the API base, <c>*</c> standing for one segment: <c>/servers/*/suspend</c>.</param>
    public void Inject(string method, string pathPattern, DemoPanelFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            _entries.Add(new Entry(method, pathPattern.Trim('/').Split('/'), fault) { Remaining = times });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal DemoPanelFault? Take(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        lock (_gate)
        {
            var entry = _entries.FirstOrDefault(e => e.Matches(method, segments));
            if (entry is null)
            {
                return null;
            }

            if (--entry.Remaining == 0)
            {
                _entries.Remove(entry);
            }

            return entry.Fault;
        }
    }

    private sealed record Entry(string Method, string[] Pattern, DemoPanelFault Fault)
    {
        public int Remaining { get; set; }

        public bool Matches(string method, string[] segments) =>
            (Method == "*" || Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            && Pattern.Length == segments.Length
            && Pattern.Zip(segments).All(p => p.First == "*" || p.First.Equals(p.Second, StringComparison.OrdinalIgnoreCase));
    }
}
