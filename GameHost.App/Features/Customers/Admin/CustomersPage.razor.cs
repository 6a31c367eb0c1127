using GameHost.Domain.Accounts.Customers;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace GameHost.App.Features.Customers.Admin;

public partial class CustomersPage
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudTable<CustomerListItem>? _table;
    private string? _search;

    [Inject]
    private CustomerListQuery Customers { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The table asks for one page at a time; search, sort and paging all go to the database.</summary>
    private async Task<TableData<CustomerListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<CustomerSort>(state.SortLabel, out var parsed) ? parsed : CustomerSort.Created;
        var descending = state.SortDirection switch
        {
            SortDirection.Descending => true,
            SortDirection.Ascending => false,
            _ => sort == CustomerSort.Created,
        };
        var page = await Customers.ExecuteAsync(
            new CustomerListRequest(_search, sort, descending, state.Page, state.PageSize), cancellationToken);
        return new TableData<CustomerListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void OnSearchTyped(string? text) => _search = text;

    private async Task OnSearchAsync(string? text)
    {
        _search = text;
        if (_table is null)
        {
            return;
        }

        // A new search starts from its first page; otherwise a short result could leave the table on an empty page.
        if (_table.CurrentPage > 0)
        {
            _table.NavigateTo(0);
        }

        await _table.ReloadServerData();
    }

    private void OpenRow(TableRowClickEventArgs<CustomerListItem> args)
    {
        if (args.Item is not null)
        {
            Navigation.NavigateTo(DetailsHref(args.Item));
        }
    }

    private static string DetailsHref(CustomerListItem item) => $"/admin/customers/{item.Id:D}";
}
