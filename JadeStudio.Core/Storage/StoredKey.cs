namespace JadeStudio.Core.Storage;

/// <summary>
/// A key that signs and encrypts the app's cookies (ASP.NET Core data protection's XML), kept with the rest of the
/// data so every app node sharing the database reads the same key ring: a cookie from one node is valid on another.
/// </summary>
public sealed class StoredKey
{
    public long Id { get; set; }

    /// <summary>The key's own name (data protection's friendly name, e.g. <c>key-…</c>).</summary>
    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}
