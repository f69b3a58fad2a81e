using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Shared;

namespace JadeStudio.Tests.Components;

public class NotFoundContentTests
{
    [Fact]
    public async Task It_tells_the_visitor_the_page_does_not_exist_and_links_home()
    {
        var page = await ComponentRenderer.RenderAsync<NotFoundContent>("en");

        Assert.Equal("Page not found", page.QuerySelector("h1")?.TextContent);
        var home = page.QuerySelector("a");
        Assert.Equal("", home?.GetAttribute("href"));
        Assert.Equal("Go to the home page", home?.TextContent.Trim());
    }

    [Fact]
    public async Task It_speaks_the_visitors_language()
    {
        var page = await ComponentRenderer.RenderAsync<NotFoundContent>("he");

        Assert.Equal("הדף לא נמצא", page.QuerySelector("h1")?.TextContent);
    }
}
