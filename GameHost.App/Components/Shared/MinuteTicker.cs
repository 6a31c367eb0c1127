namespace GameHost.App.Components.Shared;

/// <summary>
/// Calls a component back once a minute from <see cref="TimeProvider"/> (so a test can move the clock), for screens
/// whose text counts time ("waiting 4 min", "due in 25 min") while nothing else changes. One callback waits at a time:
/// ticks that come while one is queued on the circuit (a busy circuit, a clock moved on by hours) add nothing, since
/// the callback reads the clock when it runs.
/// </summary>
public sealed class MinuteTicker : IDisposable
{
    private readonly Func<Action, Task> _invoke;
    private readonly Action _onTick;
    private readonly ITimer _timer;
    private int _queued;

    /// <param name="invoke">The component's <c>InvokeAsync</c>, so the callback runs on its circuit.</param>
    /// <param name="onTick">What to do each minute, typically reading the clock and <c>StateHasChanged</c>.</param>
    public MinuteTicker(TimeProvider time, Func<Action, Task> invoke, Action onTick)
    {
        ArgumentNullException.ThrowIfNull(time);
        _invoke = invoke;
        _onTick = onTick;
        _timer = time.CreateTimer(_ => Queue(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private void Queue()
    {
        if (Interlocked.Exchange(ref _queued, 1) == 0)
        {
            _ = _invoke(() =>
            {
                Volatile.Write(ref _queued, 0);
                _onTick();
            });
        }
    }

    public void Dispose() => _timer.Dispose();
}
