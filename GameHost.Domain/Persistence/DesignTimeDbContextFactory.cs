using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GameHost.Domain.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GameHostDbContext>
{
    public GameHostDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GameHostDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
