using MudBlazor;

namespace JadeStudio.Web.Components.Layout;

/// <summary>
/// The one theme of the interface: palette, typography and spacing for light and dark. Colours are chosen for
/// WCAG AA contrast (4.5:1 for text) on their backgrounds in both schemes; fonts are the system's own, so no
/// font is fetched from anywhere (readers' addresses reach no third party).
/// </summary>
public static class JadeTheme
{
    private static readonly string[] SystemFonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00695c",
            Secondary = "#6a1b9a",
            Tertiary = "#1565c0",
            Info = "#0b5cad",
            Success = "#1b5e20",
            Warning = "#8a4b00",
            Error = "#b3261e",
            AppbarBackground = "#00564b",
            AppbarText = "#ffffff",
            Background = "#ffffff",
            Surface = "#ffffff",
            TextPrimary = "#1c1b1f",
            TextSecondary = "#49454f",
            DrawerBackground = "#f7f9f8",
            DrawerText = "#1c1b1f",
            DrawerIcon = "#00564b",
            LinesDefault = "#c4c7c5",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4db6ac",
            Secondary = "#ce93d8",
            Tertiary = "#90caf9",
            Info = "#90caf9",
            Success = "#81c784",
            Warning = "#ffb74d",
            Error = "#f28b82",
            // Light colours carry dark text in dark mode (white on #4db6ac would be 2.4:1).
            PrimaryContrastText = "#00201c",
            SecondaryContrastText = "#1c1b1f",
            TertiaryContrastText = "#1c1b1f",
            InfoContrastText = "#1c1b1f",
            SuccessContrastText = "#1c1b1f",
            WarningContrastText = "#1c1b1f",
            ErrorContrastText = "#1c1b1f",
            AppbarBackground = "#1f2a28",
            AppbarText = "#e6e1e5",
            Background = "#121212",
            Surface = "#1e1e1e",
            TextPrimary = "#e6e1e5",
            TextSecondary = "#c9c5ca",
            DrawerBackground = "#181818",
            DrawerText = "#e6e1e5",
            DrawerIcon = "#80cbc4",
            LinesDefault = "#49454f",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
            H4 = new H4Typography { FontFamily = SystemFonts, FontSize = "1.875rem", FontWeight = "500" },
            H5 = new H5Typography { FontFamily = SystemFonts, FontSize = "1.5rem", FontWeight = "500" },
            H6 = new H6Typography { FontFamily = SystemFonts, FontSize = "1.25rem", FontWeight = "500" },
            Button = new ButtonTypography { FontFamily = SystemFonts, TextTransform = "none", FontWeight = "500" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px", DrawerWidthLeft = "240px", DrawerWidthRight = "240px" },
    };
}
