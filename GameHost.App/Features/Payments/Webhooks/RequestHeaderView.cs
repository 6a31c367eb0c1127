using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;

namespace GameHost.App.Features.Payments.Webhooks;

/// <summary>
/// The request's headers as the gateways and the inbox read them (name → value, several values joined by commas),
/// without copying them into a dictionary per webhook. Kestrel's own header collection is case-insensitive, so a
/// lookup is one probe. Valid while the request is: the inbox serializes the headers into its row before answering.
/// </summary>
internal sealed class RequestHeaderView(IHeaderDictionary headers) : IReadOnlyDictionary<string, string>
{
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => headers.Keys;

    public IEnumerable<string> Values => headers.Values.Select(v => v.ToString());

    public int Count => headers.Count;

    public bool ContainsKey(string key) => headers.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (headers.TryGetValue(key, out StringValues values))
        {
            value = values.ToString();
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var (name, values) in headers)
        {
            yield return new KeyValuePair<string, string>(name, values.ToString());
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
