using GameHost.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Persistence;

/// <summary>
/// Maps a <see cref="Money"/> property to two columns, <c>{name}Minor</c> (INTEGER) and <c>{name}Currency</c>
/// (CHAR(3)), so SUM, ORDER BY and range filters run in the database on integers.
/// </summary>
public static class MoneyMapping
{
    public static ComplexPropertyBuilder<Money> IsMoney(this ComplexPropertyBuilder<Money> money, string columnPrefix)
    {
        ArgumentNullException.ThrowIfNull(money);
        money.Property(m => m.Minor).HasColumnName(columnPrefix + "Minor").IsRequired();
        money.Property(m => m.Currency)
            .HasColumnName(columnPrefix + "Currency")
            .HasConversion(c => c.Code, code => Currency.FromCode(code))
            .HasMaxLength(3)
            .IsFixedLength()
            .IsUnicode(false)
            .IsRequired();
        return money;
    }
}
