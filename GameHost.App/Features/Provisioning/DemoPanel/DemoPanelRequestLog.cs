namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>One request as the demo panel received it (path relative to the API base), and what it answered.</summary>
public sealed record DemoPanelRequest(
    DateTimeOffset At, string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public int Status { get; internal set; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The most recent requests, for assertions and for looking at what a client sent.</summary>
public sealed class DemoPanelRequestLog(int capacity = DemoPanelRequestLog.DefaultCapacity)
{
    public const int DefaultCapacity = 5000;

    private readonly int _capacity = Math.Max(1, capacity);
    private readonly Lock _gate = new();
    private readonly LinkedList<DemoPanelRequest> _requests = new();

    public IReadOnlyList<DemoPanelRequest> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<DemoPanelRequest> Matching(string method, string pathStart) =>
        All.Where(r => r.Method.Equals(method, StringComparison.OrdinalIgnoreCase)
                       && r.Path.StartsWith(pathStart, StringComparison.OrdinalIgnoreCase)).ToList();

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    internal void Add(DemoPanelRequest request)
    {
        lock (_gate)
        {
            _requests.AddLast(request);
            if (_requests.Count > _capacity)
            {
                _requests.RemoveFirst();
            }
        }
    }
}
