namespace JadeStudio.Web.Components.Shared;

/// <summary>An option of a select: the text shown and the value chosen.</summary>
public sealed record Choice<T>(string Text, T Value);
