using Bunit;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Shared;

namespace JadeStudio.Tests.Components;

public class NotFoundContentTests
{
    [Fact]
    public async Task It_tells_the_visitor_the_page_does_not_exist_and_links_home()
    {
        await using var context = new ComponentContext("en");
        var page = context.Render<NotFoundContent>();

        Assert.Equal("Page not found", page.Find("h1").TextContent);
        var home = page.Find("a");
        Assert.Equal("", home.GetAttribute("href"));
        Assert.Equal("Go to the home page", home.TextContent.Trim());
    }

    [Fact]
    public async Task It_speaks_the_visitors_language()
    {
        await using var context = new ComponentContext("he");
        var page = context.Render<NotFoundContent>();

        Assert.Equal("הדף לא נמצא", page.Find("h1").TextContent);
    }
}
