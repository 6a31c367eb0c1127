using System.Globalization;
using System.Text.Json.Nodes;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>A list filter: does the item match ONE of the comma-separated values?</summary>
public delegate bool DemoPanelFilter<in T>(T item, string value);

/// <summary>
/// Lists as the panel serves them (contract §3): <c>filter[field]</c> as case-insensitive substring matches unless a
/// filter says otherwise, a comma meaning "any of", an empty value ignored, unknown filters and sorts refused with 400,
/// <c>page</c>/<c>per_page</c> (default 50), and <c>meta.pagination.links</c> as <c>[]</c> or an object whose URLs keep
/// only <c>?page=N</c>.
/// </summary>
public static class DemoPanelListQuery
{
    public const int DefaultPageSize = 50;

    public static DemoPanelFilter<T> Substring<T>(Func<T, string?> field) =>
        (item, value) => field(item)?.Contains(value, StringComparison.OrdinalIgnoreCase) == true;

    public static DemoPanelFilter<T> Exact<T>(Func<T, string?> field) =>
        (item, value) => string.Equals(field(item), value, StringComparison.Ordinal);

    /// <returns>The page of items, or the panel's 400 for an unknown filter or sort.</returns>
    public static DemoPanelOutcome Page<T>(
        HttpRequest request,
        string type,
        IEnumerable<T> items,
        IReadOnlyDictionary<string, DemoPanelFilter<T>> filters,
        IReadOnlyDictionary<string, Func<T, IComparable>> sorts,
        Func<T, JsonObject> render)
    {
        ArgumentNullException.ThrowIfNull(request);
        var selected = items;
        var unknown = new List<string>();
        foreach (var (key, values) in request.Query)
        {
            if (!key.StartsWith("filter[", StringComparison.Ordinal) || !key.EndsWith(']'))
            {
                continue;
            }

            var name = key["filter[".Length..^1];
            if (!filters.TryGetValue(name, out var filter))
            {
                unknown.Add(name);
                continue;
            }

            var value = values.ToString();
            if (value.Length == 0)
            {
                continue;
            }

            var alternatives = value.Split(',');
            selected = selected.Where(item => alternatives.Any(v => filter(item, v))).ToList();
        }

        if (unknown.Count > 0)
        {
            return DemoPanelOutcome.Error(new DemoPanelError(400, "InvalidFilterQuery",
                $"Requested filter(s) `{string.Join(", ", unknown)}` are not allowed. Allowed filter(s) are `{string.Join(", ", filters.Keys)}`."));
        }

        var sort = request.Query["sort"].ToString();
        if (sort.Length > 0 && sorts.Count > 0)
        {
            var descending = sort.StartsWith('-');
            var field = sort.TrimStart('-');
            if (!sorts.TryGetValue(field, out var key))
            {
                return DemoPanelOutcome.Error(new DemoPanelError(400, "InvalidSortQuery",
                    $"Requested sort(s) `{field}` is not allowed. Allowed sort(s) are `{string.Join(", ", sorts.Keys)}`."));
            }

            selected = descending ? selected.OrderByDescending(key).ToList() : selected.OrderBy(key).ToList();
        }

        var all = selected.ToList();
        var perPage = Positive(request.Query["per_page"], DefaultPageSize);
        var page = Positive(request.Query["page"], 1);
        var totalPages = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var pageItems = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        var pagination = new JsonObject
        {
            ["total"] = all.Count,
            ["count"] = pageItems.Count,
            ["per_page"] = perPage,
            ["current_page"] = page,
            ["total_pages"] = totalPages,
            ["links"] = Links(request, page, totalPages),
        };
        return DemoPanelOutcome.Ok(DemoPanelJson.List(type, pageItems.Select(render), pagination));
    }

    /// <summary>
    /// <c>[]</c> when there is no neighbouring page, else an object; the URLs carry only <c>?page=N</c> (the panel drops
    /// filters and page size, which is why clients build page URLs themselves).
    /// </summary>
    private static JsonNode Links(HttpRequest request, int page, int totalPages)
    {
        var self = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        var links = new JsonObject();
        if (page > 1)
        {
            links["previous"] = $"{self}?page={(page - 1).ToString(CultureInfo.InvariantCulture)}";
        }

        if (page < totalPages)
        {
            links["next"] = $"{self}?page={(page + 1).ToString(CultureInfo.InvariantCulture)}";
        }

        return links.Count == 0 ? new JsonArray() : links;
    }

    private static int Positive(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
