namespace JadeStudio.Core.Storage;

/// <summary>The database cannot be served as it is; the message says why and what the operator should do.</summary>
public sealed class DatabaseStartupException(string message) : Exception(message);
