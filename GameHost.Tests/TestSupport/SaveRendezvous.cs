using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// Holds every save that matches <paramref name="holds"/> until two have arrived, then lets both go: two requests
/// that race (a double click, two tabs) reach the database at the same moment on their own connections.
/// </summary>
public sealed class SaveRendezvous(Func<ChangeTracker, bool> holds) : SaveChangesInterceptor
{
    private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>Off while the test sets up its data.</summary>
    public bool Armed { get; set; }

    /// <summary>Holds saves that add an entity of type <typeparamref name="T"/> matching <paramref name="match"/>.</summary>
    public static SaveRendezvous Adding<T>(Func<T, bool>? match = null)
        where T : class =>
        new(tracker => tracker.Entries<T>().Any(e => e.State == EntityState.Added && (match is null || match(e.Entity))));

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (Armed && eventData.Context is { } context && holds(context.ChangeTracker))
        {
            if (Interlocked.Increment(ref _arrived) >= 2)
            {
                _both.TrySetResult();
            }

            await _both.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        }

        return result;
    }
}
