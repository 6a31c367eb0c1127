using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GameHost.Tests.TestSupport;

/// <summary>A scripted failure a fake HTTP peer answers with instead of its normal reply.</summary>
public sealed record FakeFault(int StatusCode, string Description, int? RetryAfterSeconds = null, TimeSpan? Delay = null)
{
    /// <summary>No answer in time: the fake waits this long before replying normally.</summary>
    public static FakeFault Hang(TimeSpan delay) => new(0, "", null, delay);
}

/// <summary>
/// Kestrel on a free loopback port for fakes of outside HTTP services: real sockets and real HTTP, so the adapter
/// under test runs exactly as in production. Faults queued with <see cref="Fail"/> answer the next requests in order.
/// </summary>
public abstract class LoopbackHttpFake : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeFault> _faults = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>Every request that reached the fake, faulted or not.</summary>
    public int Requests => _requests;

    private int _requests;

    public void Fail(params FakeFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    protected async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _requests);
            if (_faults.TryDequeue(out var fault))
            {
                if (fault.Delay is { } delay)
                {
                    try
                    {
                        await Task.Delay(delay, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                if (fault.StatusCode != 0)
                {
                    await WriteFaultAsync(context, fault);
                    return;
                }
            }

            await next(context);
        });
        Map(_app);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    protected abstract void Map(WebApplication app);

    protected abstract Task WriteFaultAsync(HttpContext context, FakeFault fault);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
