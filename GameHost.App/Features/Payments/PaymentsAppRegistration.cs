using FluentValidation;
using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Features.Payments.Admin;
using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.App.Features.Payments.Gateways.Demo;
using GameHost.App.Features.Payments.Jobs;
using GameHost.App.Features.Payments.Webhooks;
using GameHost.App.Features.Payments.Gateways.PayFast;
using GameHost.App.Features.Payments.Gateways.Stripe;
using GameHost.App.Features.Payments.Gateways;

namespace GameHost.App.Features.Payments;

public static class PaymentsAppRegistration
{
    public static WebApplicationBuilder AddPaymentsFeature(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<IValidator<TransferForm>, TransferFormValidator>();
        builder.Services.AddPayPalGateway();
        builder.Services.AddStripeGateway();
        builder.Services.AddPayFastGateway();
        builder.AddScheduledJob<LedgerCheckJob>(new JobDefinition(
            LedgerCheckJob.Name, typeof(LedgerCheckJob), TimeSpan.FromHours(24), typeof(PaymentsText), "JobLedgerCheck"));
        builder.AddScheduledJob<GatewayEventsJob>(new JobDefinition(
            GatewayEventsJob.Name, typeof(GatewayEventsJob), TimeSpan.FromMinutes(1), typeof(PaymentsText), "JobGatewayEvents"));
        builder.AddScheduledJob<PaymentAttemptsJob>(new JobDefinition(
            PaymentAttemptsJob.Name, typeof(PaymentAttemptsJob), TimeSpan.FromMinutes(5), typeof(PaymentsText), "JobPaymentAttempts"));
        builder.AddScheduledJob<UnclearRefundsJob>(new JobDefinition(
            UnclearRefundsJob.Name, typeof(UnclearRefundsJob), TimeSpan.FromMinutes(15), typeof(PaymentsText), "JobUnclearRefunds"));
        builder.AddScheduledJob<SettlementCheckJob>(new JobDefinition(
            SettlementCheckJob.Name, typeof(SettlementCheckJob), TimeSpan.FromHours(24), typeof(PaymentsText), "JobSettlementCheck"));
        builder.Services.AddHostedService<GatewayEventPump>();
        builder.AddWebhookInbox();
        builder.AddDemoGateway();
        builder.AddTestingGatewayAccounts();
        return builder;
    }

    /// <summary>The gateway webhooks and the buyer's return from a hosted checkout.</summary>
    public static WebApplication MapPaymentsFeature(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPaymentGatewayEndpoints();
        return app;
    }
}
