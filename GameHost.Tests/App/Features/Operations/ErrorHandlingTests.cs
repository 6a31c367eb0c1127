using System.Net;
using Bunit;
using GameHost.App.Components.Layout;
using GameHost.App.Components.Shared;
using GameHost.App.Hosting;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Operations;

public class ErrorHandlingTests
{
    [Fact]
    public async Task UnhandledException_ShowsFriendlyPageWithReference_AndNoStackTrace()
    {
        using var factory = new GameHostAppFactory { Environment = "Production" };
        using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ThrowingEndpointFilter())));
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/test-only/boom", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("data-testid=\"error-panel\"", html, StringComparison.Ordinal);
        var reference = response.Headers.GetValues(CorrelationId.HeaderName).Single();
        Assert.Contains(reference, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Kaboom", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ThrowingEndpointFilter", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ReportsDatabaseCheck()
    {
        using var factory = new GameHostAppFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains(CorrelationId.HeaderName));
    }

    [Fact]
    public void ErrorBoundary_ChildThrows_ShowsPanelWithReferenceAndLogsTheSameReference()
    {
        using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var logger = new CapturingLogger();
        ctx.Services.AddSingleton<ILogger<AppErrorBoundary>>(logger);
        ctx.Services.AddSingleton<IStringLocalizer<LayoutText>>(new PassThroughLocalizer());

        var cut = ctx.Render<AppErrorBoundary>(p => p.AddChildContent<Thrower>());

        var reference = cut.Find("[data-testid=error-correlation-id]").TextContent;
        Assert.False(string.IsNullOrWhiteSpace(reference));
        Assert.Contains(reference, logger.Messages.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("Kaboom", cut.Markup, StringComparison.Ordinal);
    }

    private sealed class Thrower : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("Kaboom");
    }

    private sealed class ThrowingEndpointFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseEndpoints(e => e.MapGet("/test-only/boom", (HttpContext _) => throw new InvalidOperationException("Kaboom")));
        };
    }

    private sealed class CapturingLogger : ILogger<AppErrorBoundary>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }

    private sealed class PassThroughLocalizer : IStringLocalizer<LayoutText>
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, name);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
