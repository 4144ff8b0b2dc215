namespace Appliance.Runs;

/// <summary>
/// A file to push through the pipeline as a measured run. <paramref name="Source"/> is what the report
/// calls it (the file's name, or <c>lab:N</c>); the lab flags say whether the web and the LLM were simulated.
/// </summary>
public sealed record RunRequest(string FilePath, string Source, bool LabWeb, bool LabLlm);

/// <summary>Where a run is: rows loaded, rows through each stage, and the state of the upload.</summary>
public sealed record RunProgress(long RunId, string State, long Rows, long Scraped, long Generated);
