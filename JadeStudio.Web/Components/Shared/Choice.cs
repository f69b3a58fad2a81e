namespace JadeStudio.Web.Components.Shared;

/// <summary>An option of a Radzen drop-down (it binds by property name, so tuples will not do).</summary>
public sealed record Choice<T>(string Text, T Value);
