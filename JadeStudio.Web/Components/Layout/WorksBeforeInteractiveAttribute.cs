namespace JadeStudio.Web.Components.Layout;

/// <summary>
/// Marks a page whose forms are plain HTML forms (a GET search, the sign-in POST) that work before the page's circuit
/// is live: the layout does not hold its controls off until then, as it does every other page's.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WorksBeforeInteractiveAttribute : Attribute;
