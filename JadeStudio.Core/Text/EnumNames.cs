namespace JadeStudio.Core.Text;

/// <summary>
/// Enum values read by their names only. <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> also takes numbers
/// ("-1", "7") and lists ("a,b"), giving values no switch expects; addresses, cookies and stored settings name a value,
/// they never number it.
/// </summary>
public static class EnumNames
{
    /// <summary>The value named <paramref name="name"/> (any case); false for anything else, numbers included.</summary>
    public static bool TryParse<T>(string? name, out T value) where T : struct, Enum
    {
        if (!string.IsNullOrEmpty(name) && char.IsLetter(name[0]) && name.All(char.IsLetterOrDigit) && Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value))
        {
            return true;
        }
        value = default;
        return false;
    }
}
