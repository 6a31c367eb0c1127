using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using GameHost.App.Features.Payments.Gateways.PayFast;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GameHost.Tests.TestSupport;

/// <summary>What a <see cref="FakePayFast"/> route does instead of its normal answer.</summary>
public enum FakePayFastFaultKind
{
    ServerError = 1,
    Drop = 2,
    Hang = 3,
}

public sealed record FakePayFastFault(FakePayFastFaultKind Kind, int Status = 500, TimeSpan? Delay = null);

/// <summary>One request as <see cref="FakePayFast"/> received it.</summary>
public sealed record FakePayFastRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>How an ITN the fake builds is signed (the normal way, or one of the ways a forgery gets it wrong).</summary>
public enum ItnSigning
{
    /// <summary>Every field but the signature, in order, empty ones included, + passphrase.</summary>
    Correct = 1,

    /// <summary>As PayFast would without a passphrase set (or a forger who does not know it).</summary>
    WithoutPassphrase = 2,

    /// <summary>Empty fields left out, as the form signature does: wrong for an ITN.</summary>
    SkippingEmptyFields = 3,
}

/// <summary>
/// A stateful stand-in for PayFast (contract §4, §6): <c>/eng/process</c> receives the browser's form (checking its
/// signature), keeps the payment and shows a page to complete or cancel it; the fake then builds a signed ITN in the
/// fixture's field order and POSTs it to the form's <c>notify_url</c>. <c>/eng/query/validate</c> answers <c>VALID</c>
/// only for a parameter string of an ITN it issued (or what a test forces). Faults per route for the next N calls;
/// every request recorded.
/// </summary>
public sealed class FakePayFast : LoopbackHttpFake
{
    public const string Passphrase = "fixture-passphrase-only";
    public const string MerchantId = "10000100";
    public const string MerchantKey = "46f0cd694581a";
    public const string Process = "POST /eng/process";
    public const string Validate = "POST /eng/query/validate";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakePayFastFault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> _payments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _issuedItns = new(StringComparer.Ordinal);
    private int _sequence = 1089250;

    private FakePayFast()
    {
    }

    public ConcurrentQueue<FakePayFastRequest> Received { get; } = new();

    /// <summary>Forms received at <c>/eng/process</c> whose signature did not match.</summary>
    public ConcurrentQueue<string> RejectedForms { get; } = new();

    /// <summary>Every ITN the fake sent to a form's <c>notify_url</c>: <c>pf_payment_id</c>, status, and the HTTP status it got back.</summary>
    public ConcurrentQueue<(string PfPaymentId, string PaymentStatus, int Status)> Delivered { get; } = new();

    /// <summary>Forces the validate answer (e.g. <c>INVALID</c>); null = VALID only for ITNs this fake issued.</summary>
    public string? ValidateAnswer { get; set; }

    public Uri ProcessUrl => new(BaseAddress, "/eng/process");

    public Uri ValidateUrl => new(BaseAddress, "/eng/query/validate");

    public static async Task<FakePayFast> StartAsync()
    {
        var fake = new FakePayFast();
        await fake.ListenAsync();
        return fake;
    }

    public void Inject(string route, FakePayFastFault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(route, _ => new ConcurrentQueue<FakePayFastFault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>The form received for <paramref name="mPaymentId"/>, as posted.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Payment(string mPaymentId) => _payments.GetValueOrDefault(mPaymentId);

    /// <summary>An ITN body in PayFast's field order (like the fixture) for a payment the form started.</summary>
    public string BuildItn(string mPaymentId, string status = "COMPLETE", ItnSigning signing = ItnSigning.Correct, string? amountGross = null,
        string? merchantId = null, string? pfPaymentId = null)
    {
        var form = _payments[mPaymentId].ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var gross = amountGross ?? form["amount"];
        var fee = decimal.Round(decimal.Parse(gross, CultureInfo.InvariantCulture) * 0.023m, 2, MidpointRounding.AwayFromZero);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("m_payment_id", mPaymentId),
            new("pf_payment_id", pfPaymentId ?? Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture)),
            new("payment_status", status),
            new("item_name", form.GetValueOrDefault("item_name", "")),
            new("item_description", form.GetValueOrDefault("item_description", "")),
            new("amount_gross", gross),
            new("amount_fee", (-fee).ToString("0.00", CultureInfo.InvariantCulture)),
            new("amount_net", (decimal.Parse(gross, CultureInfo.InvariantCulture) - fee).ToString("0.00", CultureInfo.InvariantCulture)),
        };
        for (var i = 1; i <= 5; i++)
        {
            fields.Add(new($"custom_str{i}", form.GetValueOrDefault($"custom_str{i}", "")));
        }

        for (var i = 1; i <= 5; i++)
        {
            fields.Add(new($"custom_int{i}", form.GetValueOrDefault($"custom_int{i}", "")));
        }

        fields.Add(new("name_first", form.GetValueOrDefault("name_first", "")));
        fields.Add(new("name_last", form.GetValueOrDefault("name_last", "")));
        fields.Add(new("email_address", form.GetValueOrDefault("email_address", "")));
        fields.Add(new("merchant_id", merchantId ?? form["merchant_id"]));
        return Sign(fields, signing);
    }

    /// <summary>Signs ITN fields the chosen way and returns the form body (signature last).</summary>
    public string Sign(IReadOnlyList<KeyValuePair<string, string>> fields, ItnSigning signing = ItnSigning.Correct)
    {
        var signed = signing == ItnSigning.SkippingEmptyFields ? fields.Where(p => p.Value.Length > 0).ToList() : fields;
        var signature = PayFastSignature.ForItn(signed, signing == ItnSigning.WithoutPassphrase ? null : Passphrase);
        var parameters = PayFastSignature.ParameterString(fields);
        _issuedItns[parameters] = 0;
        return $"{parameters}&signature={signature}";
    }

    /// <summary>POSTs an ITN to <paramref name="notifyUrl"/> as PayFast does.</summary>
    public static async Task<HttpResponseMessage> SendItnAsync(Uri notifyUrl, string body)
    {
        using var client = new HttpClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        content.Headers.ContentType!.CharSet = null;
        return await client.PostAsync(notifyUrl, content);
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/eng/process", HandleProcessAsync);
        app.MapPost("/eng/process/{mPaymentId}/{action}", HandleBuyerAsync);
        app.MapPost("/eng/query/validate", HandleValidateAsync);
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault)
    {
        context.Response.StatusCode = fault.StatusCode;
        return context.Response.WriteAsync(fault.Description);
    }

    private async Task HandleProcessAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        if (await FaultAsync(Process, context))
        {
            return;
        }

        var fields = PayFastSignature.ParseBody(body);
        var values = fields.Where(p => p.Key != "signature").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var signature = fields.FirstOrDefault(p => p.Key == "signature").Value;
        if (values.GetValueOrDefault("merchant_id") != MerchantId || values.GetValueOrDefault("merchant_key") != MerchantKey
            || !PayFastSignature.Matches(PayFastSignature.ForForm(values, Passphrase), signature))
        {
            RejectedForms.Enqueue(body);
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("Generated signature does not match submitted signature.");
            return;
        }

        var mPaymentId = values["m_payment_id"];
        _payments[mPaymentId] = fields;
        context.Response.ContentType = "text/html";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html><head><title>Fake PayFast</title></head><body>
            <h1>Fake PayFast</h1><p id="amount">R {WebUtility.HtmlEncode(values["amount"])}</p>
            <form method="post" action="/eng/process/{Uri.EscapeDataString(mPaymentId)}/complete"><button id="pay" type="submit">Complete payment</button></form>
            <form method="post" action="/eng/process/{Uri.EscapeDataString(mPaymentId)}/cancel"><button id="cancel" type="submit">Cancel</button></form>
            </body></html>
            """);
    }

    private async Task<IResult> HandleBuyerAsync(string mPaymentId, string action)
    {
        if (!_payments.TryGetValue(mPaymentId, out var form))
        {
            return Results.NotFound();
        }

        var values = form.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var status = action == "complete" ? "COMPLETE" : "CANCELLED";
        if (values.TryGetValue("notify_url", out var notify))
        {
            var itn = BuildItn(mPaymentId, status);
            using var response = await SendItnAsync(new Uri(notify), itn);
            var pfPaymentId = PayFastSignature.ParseBody(itn).First(p => p.Key == "pf_payment_id").Value;
            Delivered.Enqueue((pfPaymentId, status, (int)response.StatusCode));
        }

        return Results.Redirect(status == "COMPLETE" ? values["return_url"] : values["cancel_url"]);
    }

    private async Task HandleValidateAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        if (await FaultAsync(Validate, context))
        {
            return;
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(ValidateAnswer ?? (_issuedItns.ContainsKey(body) ? "VALID" : "INVALID"));
    }

    private async Task<bool> FaultAsync(string route, HttpContext context)
    {
        if (!_faults.TryGetValue(route, out var queue) || !queue.TryDequeue(out var fault))
        {
            return false;
        }

        switch (fault.Kind)
        {
            case FakePayFastFaultKind.Drop:
                context.Abort();
                break;
            case FakePayFastFaultKind.Hang:
                try
                {
                    await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(30), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                context.Abort();
                break;
            default:
                context.Response.StatusCode = fault.Status;
                await context.Response.WriteAsync("Server error");
                break;
        }

        return true;
    }

    private async Task<string> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Received.Enqueue(new FakePayFastRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body));
        return body;
    }
}
