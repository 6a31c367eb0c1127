using System.Globalization;
using System.Text;
using GameHost.App.Features.Customers;
using GameHost.Domain.Billing.Balance;

namespace GameHost.App.Features.Billing.Cabinet.Balance;

/// <summary>
/// The expense history as a CSV download for the signed-in customer, with the same filters as the page
/// (<c>from</c>/<c>to</c> as ISO dates, the "to" day included; <c>service</c> as an id). Invalid filters answer 400.
/// </summary>
public static class HistoryCsvEndpoint
{
    public const string Path = "/cabinet/billing/history.csv";

    public static string Href(LedgerHistoryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new List<string>();
        if (filter.FromUtc is { } from)
        {
            query.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (filter.ToUtc is { } to)
        {
            query.Add("to=" + to.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (filter.SubscriptionId is { } service)
        {
            query.Add("service=" + service.ToString("D"));
        }

        return query.Count == 0 ? Path : Path + "?" + string.Join('&', query);
    }

    public static IEndpointRouteBuilder MapBalanceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Path, async (string? from, string? to, string? service, HttpContext http, LedgerHistoryQuery history, TimeProvider time) =>
        {
            if (SignedInUser.Id(http.User) is not { } customerId)
            {
                return Results.Unauthorized();
            }

            if (!TryDate(from, out var fromUtc) || !TryDate(to, out var toUtc) || (service is not null && !Guid.TryParse(service, out _)))
            {
                return Results.BadRequest("from and to are dates (yyyy-MM-dd); service is an id.");
            }

            var filter = new LedgerHistoryFilter(fromUtc, toUtc?.AddDays(1), service is null ? null : Guid.Parse(service));
            var movements = await history.AllAsync(customerId, filter, http.RequestAborted);
            var name = $"expenses-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.csv";
            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
                await LedgerCsv.WriteAsync(writer, movements, http.RequestAborted);
            }, "text/csv; charset=utf-8", name);
        }).RequireAuthorization();
        return endpoints;
    }

    private static bool TryDate(string? value, out DateTime? utc)
    {
        utc = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (!DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        utc = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        return true;
    }
}
