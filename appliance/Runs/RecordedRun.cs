namespace Appliance.Runs;

/// <summary>A stored run with its samples, as one JSON document: the projection benchmark writes these as test fixtures.</summary>
public sealed record RecordedRun(RunRecord Run, IReadOnlyList<RunSample> Samples);
