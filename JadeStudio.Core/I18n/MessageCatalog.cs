using System.Text.Json;

namespace JadeStudio.Core.I18n;

/// <summary>
/// All message files of one directory (<c>en.json</c>, <c>de.json</c>, … in MediaWiki's banana
/// format). <c>qqq.json</c> holds documentation, not a language, and is kept apart.
/// </summary>
public sealed class MessageCatalog
{
    public const string SourceLanguage = "en";
    public const string DocumentationCode = "qqq";

    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _languages;

    public MessageCatalog(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> languages, IReadOnlyDictionary<string, string> documentation)
    {
        if (!languages.ContainsKey(SourceLanguage))
        {
            throw new InvalidDataException($"The message catalog has no {SourceLanguage}.json; it is the source language.");
        }
        _languages = new Dictionary<string, IReadOnlyDictionary<string, string>>(languages, StringComparer.OrdinalIgnoreCase);
        Documentation = documentation;
    }

    /// <summary>Language codes with a message file, the source language first.</summary>
    public IReadOnlyList<string> Languages =>
        _languages.Keys.OrderBy(code => code == SourceLanguage ? "" : code, StringComparer.Ordinal).ToList();

    public IReadOnlyDictionary<string, string> Documentation { get; }

    public IReadOnlyDictionary<string, string> MessagesOf(string language) => _languages[language];

    public bool Has(string language) => _languages.ContainsKey(language);

    /// <summary>
    /// The raw message in the language, falling back to English as MediaWiki does; a key unknown
    /// even to English comes back as <c>⧼key⧽</c> so a missing message is visible, not blank.
    /// </summary>
    public string Raw(string language, string key)
    {
        if (_languages.TryGetValue(language, out var messages) && messages.TryGetValue(key, out var text))
        {
            return text;
        }
        return _languages[SourceLanguage].TryGetValue(key, out var english) ? english : $"⧼{key}⧽";
    }

    public bool Exists(string key) => _languages[SourceLanguage].ContainsKey(key);

    public string Format(string language, string key, params object?[] arguments) =>
        MessageFormatter.Format(Raw(language, key), language, arguments);

    /// <summary>As <see cref="Format"/>, its numbers written in the viewer's culture (e.g. "en-GB" for the English messages).</summary>
    public string FormatIn(string language, System.Globalization.CultureInfo culture, string key, params object?[] arguments) =>
        MessageFormatter.FormatIn(Raw(language, key), language, culture, arguments);

    public static MessageCatalog LoadDirectory(string directory)
    {
        var languages = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        IReadOnlyDictionary<string, string> documentation = new Dictionary<string, string>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.json"))
        {
            var code = Path.GetFileNameWithoutExtension(path);
            var messages = LoadFile(path);
            if (code == DocumentationCode)
            {
                documentation = messages;
            }
            else
            {
                languages[code] = messages;
            }
        }
        return new MessageCatalog(languages, documentation);
    }

    /// <summary>Reads one banana file: string values by key, without <c>@metadata</c>.</summary>
    public static IReadOnlyDictionary<string, string> LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "@metadata")
            {
                continue;
            }
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: message '{property.Name}' is not a string.");
            }
            messages[property.Name] = property.Value.GetString()!;
        }
        return messages;
    }
}
