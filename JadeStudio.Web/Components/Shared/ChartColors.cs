namespace JadeStudio.Web.Components.Shared;

/// <summary>
/// The colours of a chart's series, in order. MudBlazor's default palette begins blue, aqua, amber: the second and third
/// stand 1.6:1 against a white page, too faint for a line or a point a reader must find (WCAG 1.4.11 asks 3:1 of a
/// graphic that carries meaning). Each colour here stands at least 3:1 against both schemes' surfaces (#ffffff and
/// #1e1e1e), since a chart's colours are written into its drawing and cannot follow the scheme; blue and orange come
/// first, a pair that readers with the common colour-vision deficiencies tell apart.
/// </summary>
public static class ChartColors
{
    public static string[] Palette { get; } = ["#2979FF", "#E65100", "#00897B", "#AB47BC", "#607D8B"];
}
