namespace JadeStudio.Core.Settings;

/// <summary>
/// A setting the operator gave that the app cannot run with (a number that is none or out of its range, a right that
/// does not exist): the start is refused with this sentence, which names the setting and what it takes.
/// </summary>
public sealed class InvalidSettingException(string message) : Exception(message);
