namespace Appliance.Storage;

/// <summary>The bundled PostgreSQL could not be set up or started: an expected failure, reported in one line.</summary>
public sealed class StorageStartException(string message) : Exception(message);
