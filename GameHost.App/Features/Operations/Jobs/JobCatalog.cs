namespace GameHost.App.Features.Operations.Jobs;

/// <summary>
/// One scheduled job as staff see it. <see cref="Name"/> is the Quartz job key and the <c>JobRun.JobName</c>; the title
/// is looked up as <see cref="TitleKey"/> in the owning feature's resources (<see cref="TextResource"/>).
/// </summary>
public sealed record JobDefinition(string Name, Type JobType, TimeSpan Interval, Type TextResource, string TitleKey);

/// <summary>Every job a feature registered with <see cref="JobsAppRegistration.AddScheduledJob{TJob}"/>, in registration order.</summary>
public sealed class JobCatalog(IEnumerable<JobDefinition> definitions)
{
    public IReadOnlyList<JobDefinition> All { get; } = definitions.ToList();

    public JobDefinition? Find(string name) => All.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.Ordinal));
}
