using JadeStudio.Core.I18n;
using JadeStudio.Tests.Support;
using JadeStudio.Web.I18n;

namespace JadeStudio.Tests.I18n;

/// <summary>MudBlazor's own texts (pager, calendar, "Clear") come from the message files too.</summary>
public class MudMessagesTests
{
    private static readonly MessageCatalog Catalog = MessageCatalog.LoadDirectory(RepositoryPaths.I18n);

    private static MudMessages In(string language) => new(new Messages(Catalog, new UiLanguage { Code = language }));

    [Theory]
    [InlineData("en", "Next page", "Next month March")]
    [InlineData("de", "Nächste Seite", "Nächster Monat March")]
    [InlineData("he", "העמוד הבא", "החודש הבא March")]
    public void MudBlazors_texts_speak_the_viewers_language_with_their_arguments(string language, string nextPage, string nextMonth)
    {
        var mud = In(language);
        Assert.Equal(nextPage, mud["MudPagination_NextPage"].Value);
        Assert.Equal(nextMonth, mud["MudBaseDatePicker_NextMonth", "March"].Value);
        Assert.False(mud["MudInput_Clear"].ResourceNotFound);
    }

    [Fact]
    public void A_text_the_app_never_shows_keeps_MudBlazors_English_and_says_so()
    {
        var text = In("de")["MudColorPicker_Close"];
        Assert.True(text.ResourceNotFound);
        Assert.False(string.IsNullOrEmpty(text.Value));
    }
}
