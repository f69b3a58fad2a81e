namespace JadeStudio.Core.Users;

/// <summary>A user's explicit choice of colour scheme; no choice follows the browser.</summary>
public enum ThemeChoice
{
    Light,
    Dark,
}
