namespace GameHost.App.Features.Operations.Jobs;

/// <summary>Marker for the Jobs page strings (JobsText.resx, JobsText.es.resx).</summary>
public sealed class JobsText;
