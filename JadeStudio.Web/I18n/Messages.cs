using JadeStudio.Core.I18n;
using Microsoft.Extensions.Localization;

namespace JadeStudio.Web.I18n;

/// <summary>
/// Every string the UI shows comes from here: the message files in <c>i18n/</c>, in the
/// current <see cref="UiLanguage"/>, with <c>$n</c> parameters and <c>{{PLURAL}}</c>.
/// </summary>
public sealed class Messages(MessageCatalog catalog, UiLanguage language) : IStringLocalizer
{
    public LocalizedString this[string name] => Localize(name, []);

    public LocalizedString this[string name, params object[] arguments] => Localize(name, arguments);

    public string Language => language.Code;

    /// <summary>The viewer's culture: every number and date the UI shows is formatted in it.</summary>
    public System.Globalization.CultureInfo Culture => MessageFormatter.CultureFor(CultureName);

    /// <summary>The name of <see cref="Culture"/>, for the formatting helpers that take one ("en-GB", or "de" for German's own).</summary>
    public string CultureName => language.Culture ?? language.Code;

    /// <summary>A count in the viewer's culture, its thousands grouped ("12,345" / "12.345"); Razor's own <c>@count</c> groups none.</summary>
    public string Number(long value) => value.ToString("N0", Culture);

    /// <summary>A decimal such as a score or a metric in the viewer's culture ("0.769" / "0,769"); null as the "undefined" message.</summary>
    public string Decimal(double? value, string format = "0.000") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, Culture) : this["jadestudio-stats-undefined"];

    /// <summary>
    /// A group's name for people: the groups the app ships with have a message each (as MediaWiki's group-sysop);
    /// one an operator configured is shown by its configured name.
    /// </summary>
    public string Group(string name) => catalog.Exists(GroupKeyPrefix + name) ? this[GroupKeyPrefix + name] : name;

    public const string GroupKeyPrefix = "jadestudio-group-";

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        catalog.MessagesOf(MessageCatalog.SourceLanguage).Keys.Select(key => Localize(key, []));

    private LocalizedString Localize(string key, object?[] arguments) =>
        new(key, catalog.FormatIn(language.Code, Culture, key, arguments), resourceNotFound: !catalog.Exists(key));
}
