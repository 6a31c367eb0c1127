namespace GameHost.Domain.Common;

/// <summary>
/// One page of a longer list, with the total so a pager can show how many pages there are. When
/// <paramref name="TotalIsAtLeast"/> is set the list counted no further: there are more than <paramref name="TotalCount"/> rows.
/// </summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize, bool TotalIsAtLeast = false)
{
    public const int MaxPageSize = 200;

    /// <summary>Keeps a requested page inside sane bounds (zero-based page, 1..<see cref="MaxPageSize"/> rows).</summary>
    public static (int Page, int PageSize) Clamp(int page, int pageSize) =>
        (Math.Max(0, page), Math.Clamp(pageSize, 1, MaxPageSize));
}
