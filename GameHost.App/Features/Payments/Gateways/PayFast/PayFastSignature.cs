using System.Security.Cryptography;
using System.Text;

namespace GameHost.App.Features.Payments.Gateways.PayFast;

/// <summary>
/// PayFast's MD5 signatures (contract §4.2, §4.3). Values are encoded like PHP's <c>urlencode</c>: letters, digits and
/// <c>-_.</c> stay, a space becomes <c>+</c>, every other UTF-8 byte becomes upper-case <c>%XX</c>. The payment form is
/// signed over its non-empty fields in PayFast's documented order; an ITN over every received field except
/// <c>signature</c>, in received order, empty ones included. Both end with <c>&amp;passphrase=…</c> when one is set.
/// </summary>
public static class PayFastSignature
{
    /// <summary>PayFast's documented order of the payment form's fields: the form signature follows it, never the alphabet.</summary>
    public static readonly IReadOnlyList<string> FormFieldOrder =
    [
        "merchant_id", "merchant_key", "return_url", "cancel_url", "notify_url", "notify_method",
        "name_first", "name_last", "email_address", "cell_number",
        "m_payment_id", "amount", "item_name", "item_description",
        "custom_int1", "custom_int2", "custom_int3", "custom_int4", "custom_int5",
        "custom_str1", "custom_str2", "custom_str3", "custom_str4", "custom_str5",
        "email_confirmation", "confirmation_address", "currency", "payment_method",
        "subscription_type", "billing_date", "recurring_amount", "frequency", "cycles",
        "subscription_notify_email", "subscription_notify_webhook", "subscription_notify_buyer",
    ];

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The signature of a payment form: non-empty fields in <see cref="FormFieldOrder"/>.</summary>
    public static string ForForm(IReadOnlyDictionary<string, string> fields, string? passphrase)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var unknown = fields.Keys.Where(k => k != "signature" && !FormFieldOrder.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"PayFast form fields without a documented place: {string.Join(", ", unknown)}", nameof(fields));
        }

        var pairs = FormFieldOrder
            .Where(k => fields.TryGetValue(k, out var v) && !string.IsNullOrEmpty(v))
            .Select(k => new KeyValuePair<string, string>(k, fields[k].Trim()));
        return Md5(ParameterString(pairs), passphrase);
    }

    /// <summary>The signature of a received ITN: every field but <c>signature</c>, in order, empty ones included.</summary>
    public static string ForItn(IEnumerable<KeyValuePair<string, string>> receivedFields, string? passphrase) =>
        Md5(ParameterString(receivedFields.Where(p => p.Key != "signature")), passphrase);

    /// <summary><c>key=value&amp;…</c> with PHP encoding, as signed and as posted back to validate.</summary>
    public static string ParameterString(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => $"{p.Key}={Encode(p.Value)}"));

    public static bool Matches(string expected, string? received) =>
        received is not null && received.Length == expected.Length
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(received.ToLowerInvariant()));

    /// <summary>Fields of a form-encoded body in the order they arrived (duplicates kept, nothing re-sorted).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var pair in body.Trim().Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            fields.Add(new(Decode(key), Decode(value)));
        }

        return fields;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static string Md5(string parameterString, string? passphrase)
    {
        var signed = string.IsNullOrEmpty(passphrase) ? parameterString : $"{parameterString}&passphrase={Encode(passphrase.Trim())}";
#pragma warning disable CA5351 // PayFast's protocol is MD5; it is their signature scheme, not our choice of hash.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(signed)));
#pragma warning restore CA5351
    }
}
