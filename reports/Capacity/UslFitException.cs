namespace Appliance.Reports.Capacity;

/// <summary>
/// The USL could not be fitted to the measurements: too few points, degenerate data, or an optimiser
/// that did not converge. Thrown instead of handing back NaN or infinite coefficients.
/// </summary>
public sealed class UslFitException(string message) : Exception(message);
