using JadeStudio.Core.I18n;

namespace JadeStudio.Web.I18n;

/// <summary>
/// The interface language of the current request or circuit (scoped). Set once per HTTP request by
/// <see cref="Infrastructure.UiPreferencesMiddleware"/>, and in an interactive circuit by the root component, which
/// receives the language the page was rendered in.
/// </summary>
public sealed class UiLanguage
{
    public string Code { get; set; } = MessageCatalog.SourceLanguage;

    /// <summary>The culture numbers and dates are written in ("en-GB" for a British reader of the English interface); the language's own when unset.</summary>
    public string? Culture { get; set; }

    public string Direction => Languages.Direction(Code);
}
