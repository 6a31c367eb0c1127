using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Invoicing;

/// <summary>Gross to give back on one invoice line (by its printed position).</summary>
public sealed record CreditLineRequest(int Position, Money Gross);

/// <summary>
/// Splits the gross staff credit on each line into net and tax. Crediting what remains of a line gives back exactly
/// its remaining net and tax; a part takes the line's own tax share, tax = round(gross × line tax / line gross), half
/// away from zero, and net = gross − tax, so the note's lines always add up and a line is never credited beyond itself.
/// </summary>
internal static class CreditNoteCalculator
{
    /// <param name="credited">Net and tax already given back per invoice line id.</param>
    /// <param name="requests">Null or empty: everything that remains (a full credit, discount lines included).</param>
    public static Result<IReadOnlyList<CreditAmount>> Amounts(
        Invoice invoice, IReadOnlyDictionary<long, (long Net, long Tax)> credited, IReadOnlyList<CreditLineRequest>? requests)
    {
        (long Net, long Tax) Remaining(InvoiceLine line)
        {
            var done = credited.GetValueOrDefault(line.Id);
            return (line.Net.Minor - done.Net, line.Tax.Minor - done.Tax);
        }

        var currency = invoice.Currency;
        var amounts = new List<CreditAmount>();
        if (requests is null || requests.Count == 0)
        {
            foreach (var line in invoice.Lines.OrderBy(l => l.Position))
            {
                var (net, tax) = Remaining(line);
                if (net != 0 || tax != 0)
                {
                    amounts.Add(new CreditAmount(line, new Money(net, currency), new Money(tax, currency)));
                }
            }

            return amounts.Count == 0 || amounts.Sum(a => a.Net.Minor + a.Tax.Minor) <= 0
                ? InvoicingErrors.NothingLeftToCredit
                : amounts;
        }

        if (requests.Any(r => r.Gross.Currency != currency))
        {
            return InvoicingErrors.CurrencyMismatch;
        }

        if (requests.GroupBy(r => r.Position).Any(g => g.Count() > 1))
        {
            return InvoicingErrors.LineRepeated;
        }

        foreach (var request in requests.OrderBy(r => r.Position))
        {
            var line = invoice.Lines.FirstOrDefault(l => l.Position == request.Position);
            if (line is null)
            {
                return InvoicingErrors.LineUnknown;
            }

            if (request.Gross.Minor <= 0)
            {
                return InvoicingErrors.AmountInvalid;
            }

            var (net, tax) = Remaining(line);
            var remaining = net + tax;
            if (request.Gross.Minor > remaining)
            {
                return InvoicingErrors.ExceedsLine with { Details = [request.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)] };
            }

            if (request.Gross.Minor == remaining)
            {
                amounts.Add(new CreditAmount(line, new Money(net, currency), new Money(tax, currency)));
                continue;
            }

            var partTax = line.Gross.Minor == 0 ? 0
                : (long)Math.Round(request.Gross.Minor * (decimal)line.Tax.Minor / line.Gross.Minor, 0, MidpointRounding.AwayFromZero);
            partTax = Math.Clamp(partTax, Math.Min(0, tax), Math.Max(0, tax));
            amounts.Add(new CreditAmount(line, new Money(request.Gross.Minor - partTax, currency), new Money(partTax, currency)));
        }

        var total = amounts.Sum(a => a.Net.Minor + a.Tax.Minor);
        if (total > invoice.GrossTotal.Minor - invoice.CreditedMinor)
        {
            return InvoicingErrors.ExceedsInvoice;
        }

        return amounts;
    }
}
