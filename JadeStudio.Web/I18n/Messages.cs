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

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        catalog.MessagesOf(MessageCatalog.SourceLanguage).Keys.Select(key => Localize(key, []));

    private LocalizedString Localize(string key, object?[] arguments) =>
        new(key, catalog.Format(language.Code, key, arguments), resourceNotFound: !catalog.Exists(key));
}
