using FluentValidation;
using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Features.Payments.Admin;
using GameHost.App.Features.Payments.Jobs;
using GameHost.App.Features.Payments.Gateways.PayFast;
using GameHost.App.Features.Payments.Gateways.Stripe;

namespace GameHost.App.Features.Payments;

public static class PaymentsAppRegistration
{
    public static WebApplicationBuilder AddPaymentsFeature(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<IValidator<TransferForm>, TransferFormValidator>();
        builder.Services.AddStripeGateway();
        builder.Services.AddPayFastGateway();
        builder.AddScheduledJob<LedgerCheckJob>(new JobDefinition(
            LedgerCheckJob.Name, typeof(LedgerCheckJob), TimeSpan.FromHours(24), typeof(PaymentsText), "JobLedgerCheck"));
        return builder;
    }
}
