using GameHost.Domain.Operations;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace GameHost.App.Features.Operations;

public static class OperationsAppRegistration
{
    /// <summary>Structured logs, health checks and the error pipeline.</summary>
    public static WebApplicationBuilder AddOperationsFeature(this WebApplicationBuilder builder)
    {
        // Development reads like a console; everywhere else one JSON object per line, with scopes (request and
        // trace ids) so a user's error reference finds its log lines.
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = false;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        builder.Services.AddHealthChecks().AddDbContextCheck<GameHostDbContext>("database");
        builder.Services.AddOperations();
        return builder;
    }

    /// <summary>First in the pipeline: the correlation header, then friendly error and status pages.</summary>
    public static WebApplication UseOperationsPipeline(this WebApplication app)
    {
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        return app;
    }

    public static WebApplication MapOperationsEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = HealthResponse.WriteAsync,
        }).DisableHttpMetrics();
        return app;
    }
}
