using GameHost.Domain.Provisioning.PanelCatalog;

namespace GameHost.App.Features.Catalog.Admin;

/// <summary>What picking a synced egg fills in the tariff form.</summary>
public static class PanelEggImport
{
    /// <summary>
    /// A newly picked egg: its first image, its startup command, and its variables with the egg's defaults and rules.
    /// Customers may set at first what the panel lets them edit; staff change that per variable.
    /// </summary>
    public static void Pick(TariffForm form, PanelEggView egg)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(egg);
        form.NestId = egg.NestId;
        form.EggId = egg.Id;
        form.DockerImage = egg.DockerImages.Count > 0 ? egg.DockerImages[0].Value : "";
        form.StartupCommand = egg.Startup;
        form.Variables.Clear();
        form.Variables.AddRange(egg.Variables.Select(v => new EggVariableRow
        {
            EnvName = v.EnvVariable, Name = v.Name, DefaultValue = v.DefaultValue, Rules = v.Rules, CustomerSettable = v.UserEditable,
        }));
    }

    /// <summary>
    /// "Import variables from egg" on the same egg: the egg's list, labels and rules, keeping the defaults and
    /// customer choices staff already set for variables the egg still has. Variables the egg no longer has go.
    /// </summary>
    public static void Refresh(TariffForm form, PanelEggView egg)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(egg);
        var current = form.Variables
            .GroupBy(v => v.EnvName.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var merged = egg.Variables.Select(v => current.TryGetValue(v.EnvVariable, out var row)
                ? new EggVariableRow { EnvName = v.EnvVariable, Name = v.Name, DefaultValue = row.DefaultValue, Rules = v.Rules, CustomerSettable = row.CustomerSettable }
                : new EggVariableRow { EnvName = v.EnvVariable, Name = v.Name, DefaultValue = v.DefaultValue, Rules = v.Rules, CustomerSettable = v.UserEditable })
            .ToList();
        form.Variables.Clear();
        form.Variables.AddRange(merged);
    }
}
