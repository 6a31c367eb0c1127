using System.Globalization;
using System.Text;

namespace GameHost.Domain.Support.Queries;

/// <summary>
/// Turns what staff type into the queue's search box into a safe FTS5 query: every word becomes a quoted string
/// (so <c>"</c>, <c>*</c>, <c>-</c>, <c>:</c>, <c>^</c>, parentheses, <c>AND</c>/<c>OR</c>/<c>NOT</c>/<c>NEAR</c> are
/// plain text, never syntax), all words must appear, and a word of three or more characters also matches longer
/// words it starts ("crash" finds "crashes", "minec" finds "minecraft").
/// </summary>
public static class TicketSearchTerms
{
    /// <summary>Words beyond this many are ignored; a search this long is a pasted paragraph, not a query.</summary>
    public const int MaxTerms = 16;

    /// <summary>Characters of the search read at most.</summary>
    public const int MaxLength = 500;

    /// <summary>Shorter words match whole words only: a one- or two-letter prefix would match most of the index.</summary>
    public const int MinPrefixLength = 3;

    /// <summary>The FTS5 query for <paramref name="search"/>, or null when it holds nothing the index can find (no letter or digit).</summary>
    public static string? ToMatch(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return null;
        }

        var text = search.Length <= MaxLength ? search : search[..MaxLength];
        var query = new StringBuilder();
        var terms = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var clean = new StringBuilder(word.Length + 4);
            var tokenChars = 0;
            var lastRun = 0; // token characters at the end of the word: the part a prefix match would extend
            foreach (var rune in word.EnumerateRunes())
            {
                if (Rune.IsControl(rune))
                {
                    continue;
                }

                if (IsTokenChar(rune))
                {
                    tokenChars++;
                    lastRun++;
                }
                else
                {
                    lastRun = 0;
                }

                // Inside an FTS5 string the only special character is the quote, written twice.
                if (rune.Value == '"')
                {
                    clean.Append("\"\"");
                }
                else
                {
                    clean.Append(rune.ToString());
                }
            }

            if (tokenChars == 0)
            {
                continue; // only punctuation or symbols: the tokenizer would find no word in it
            }

            if (query.Length > 0)
            {
                query.Append(' ');
            }

            query.Append('"').Append(clean).Append('"');
            if (lastRun >= MinPrefixLength)
            {
                query.Append('*');
            }

            if (++terms == MaxTerms)
            {
                break;
            }
        }

        return terms == 0 ? null : query.ToString();
    }

    /// <summary>What the unicode61 tokenizer keeps as part of a word: letters, numbers, private-use characters.</summary>
    private static bool IsTokenChar(Rune c) => Rune.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.PrivateUse => true,
        _ => false,
    };
}
