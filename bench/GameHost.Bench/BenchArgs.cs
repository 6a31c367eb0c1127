using System.Globalization;

namespace GameHost.Bench;

/// <summary>Options as <c>--name value</c> pairs.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values;

    private BenchArgs(Dictionary<string, string> values) => _values = values;

    public static BenchArgs Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var items = args.GetEnumerator();
        while (items.MoveNext())
        {
            var name = items.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new ArgumentException($"Expected an option like --servers, got '{name}'.");
            }

            if (!items.MoveNext())
            {
                throw new ArgumentException($"The option {name} needs a value.");
            }

            values[name[2..]] = items.Current;
        }

        return new BenchArgs(values);
    }

    public int Number(string name, int fallback, int minimum = 1)
    {
        if (!_values.Remove(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new ArgumentException($"--{name} must be a whole number of at least {minimum}, got '{text}'.");
        }

        return value;
    }

    /// <summary>A text option, or null when it was not given.</summary>
    public string? Text(string name) => _values.Remove(name, out var text) ? text : null;

    /// <summary>Fails on options nobody asked for (a typo must not silently run the defaults).</summary>
    public void EnsureAllUsed()
    {
        if (_values.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", _values.Keys.Select(k => "--" + k))}.");
        }
    }
}
