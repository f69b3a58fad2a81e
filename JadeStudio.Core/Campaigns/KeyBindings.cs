using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace JadeStudio.Core.Campaigns;

/// <summary>What a key does in the labeling view.</summary>
public enum LabelingAction
{
    Answer1, Answer2, Answer3, Answer4, Answer5, Answer6, Answer7, Answer8, Answer9,
    Save,
    Skip,
    Instructions,
}

/// <summary>
/// The labeling view's keys as physical key positions (<c>KeyboardEvent.code</c>: <c>Digit1</c>, <c>KeyS</c>),
/// so they work the same on every keyboard layout — on a Czech layout the number row types ě/š/č, on a Hebrew
/// one I types ן, but the codes stay <c>Digit2</c> and <c>KeyI</c>. A user may remap each action, as in Label Studio.
/// </summary>
public sealed partial class KeyBindings
{
    /// <summary>Longest stored form: every action remapped to the longest code.</summary>
    public const int MaxStoredLength = 1000;

    /// <summary>Escape always closes the instructions and dialogs; Tab moves focus. Neither can be taken.</summary>
    private static readonly FrozenSet<string> Reserved = new[] { "Escape", "Tab" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<LabelingAction, string> Defaults = new Dictionary<LabelingAction, string>
    {
        [LabelingAction.Answer1] = "Digit1",
        [LabelingAction.Answer2] = "Digit2",
        [LabelingAction.Answer3] = "Digit3",
        [LabelingAction.Answer4] = "Digit4",
        [LabelingAction.Answer5] = "Digit5",
        [LabelingAction.Answer6] = "Digit6",
        [LabelingAction.Answer7] = "Digit7",
        [LabelingAction.Answer8] = "Digit8",
        [LabelingAction.Answer9] = "Digit9",
        [LabelingAction.Save] = "Enter",
        [LabelingAction.Skip] = "KeyS",
        [LabelingAction.Instructions] = "KeyI",
    }.ToFrozenDictionary();

    private readonly Dictionary<LabelingAction, string> _codes;

    private KeyBindings(Dictionary<LabelingAction, string> codes) => _codes = codes;

    public static KeyBindings Default => new(Defaults.ToDictionary());

    /// <summary>The physical key of an action.</summary>
    public string this[LabelingAction action] => _codes[action];

    public IReadOnlyDictionary<LabelingAction, string> Codes => _codes;

    public bool IsDefault => _codes.All(pair => Defaults[pair.Key] == pair.Value);

    /// <summary>The action of a physical key, if any.</summary>
    public LabelingAction? ActionFor(string code) =>
        _codes.FirstOrDefault(pair => pair.Value == code) is { Value: not null } found ? found.Key : null;

    /// <summary>The n-th answer's action (1-based), for the keys shown on answer buttons.</summary>
    public static LabelingAction Answer(int number) => number is >= 1 and <= 9
        ? LabelingAction.Answer1 + (number - 1)
        : throw new ArgumentOutOfRangeException(nameof(number));

    /// <summary>What the key shows on a button: the digit or letter printed on a US keyboard, else the key's name.</summary>
    public static string Label(string code) => code switch
    {
        _ when code.StartsWith("Digit", StringComparison.Ordinal) => code["Digit".Length..],
        _ when code.StartsWith("Numpad", StringComparison.Ordinal) => "Num " + code["Numpad".Length..],
        _ when code.StartsWith("Key", StringComparison.Ordinal) => code["Key".Length..],
        _ => code,
    };

    /// <summary>A code a browser reports for a key that types something or is Enter/Space/F1–F12.</summary>
    public static bool IsValidCode(string code) => !Reserved.Contains(code) && CodePattern().IsMatch(code);

    /// <summary>Why a remapping cannot be used, or null when it can.</summary>
    public static KeyBindingProblem? Check(IReadOnlyDictionary<LabelingAction, string> codes)
    {
        foreach (var (action, code) in codes)
        {
            if (!IsValidCode(code))
            {
                return new KeyBindingProblem.UnknownKey(action, code);
            }
        }
        var clash = codes.GroupBy(pair => pair.Value).FirstOrDefault(group => group.Count() > 1);
        return clash is null ? null : new KeyBindingProblem.SameKeyTwice(clash.Key, clash.Select(pair => pair.Key).ToList());
    }

    /// <summary>The defaults with these changes, or the problem that stops them.</summary>
    public KeyBindings With(IReadOnlyDictionary<LabelingAction, string> changes, out KeyBindingProblem? problem)
    {
        var merged = new Dictionary<LabelingAction, string>(_codes);
        foreach (var (action, code) in changes)
        {
            merged[action] = code;
        }
        problem = Check(merged);
        return problem is null ? new KeyBindings(merged) : this;
    }

    public string Serialize() => JsonSerializer.Serialize(_codes.Where(pair => Defaults[pair.Key] != pair.Value)
        .ToDictionary(pair => pair.Key.ToString(), pair => pair.Value));

    /// <summary>The stored remapping over the defaults; anything unreadable or no longer valid falls back to the default.</summary>
    public static KeyBindings Parse(string? stored)
    {
        var bindings = Default;
        if (string.IsNullOrEmpty(stored))
        {
            return bindings;
        }
        try
        {
            var changes = new Dictionary<LabelingAction, string>();
            foreach (var (name, key) in JsonSerializer.Deserialize<Dictionary<string, string>>(stored) ?? [])
            {
                if (Text.EnumNames.TryParse<LabelingAction>(name, out var action))
                {
                    changes[action] = key;
                }
            }
            return bindings.With(changes, out _);
        }
        catch (JsonException)
        {
            return bindings;
        }
    }

    [GeneratedRegex("^(Key[A-Z]|Digit[0-9]|Numpad[0-9]|F([1-9]|1[0-2])|Enter|NumpadEnter|Space|Backquote|Minus|Equal|BracketLeft|BracketRight|Backslash|Semicolon|Quote|Comma|Period|Slash)$")]
    private static partial Regex CodePattern();
}

/// <summary>Why a key remapping was refused.</summary>
public abstract record KeyBindingProblem
{
    private KeyBindingProblem()
    {
    }

    /// <summary>Not a key the labeling view can use (or Escape/Tab, which keep their meaning).</summary>
    public sealed record UnknownKey(LabelingAction Action, string Code) : KeyBindingProblem;

    /// <summary>One key for two actions.</summary>
    public sealed record SameKeyTwice(string Code, IReadOnlyList<LabelingAction> Actions) : KeyBindingProblem;
}
