using JadeStudio.Core.Http;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Tests.Core.Http;

/// <summary>A wiki's outage as the log tells it: once when it begins, once when it ends, each wiki on its own.</summary>
public sealed class OutagesTests
{
    [Fact]
    public void A_wiki_that_stays_down_is_a_warning_once_and_its_return_is_news_once()
    {
        var outages = new Outages();

        Assert.False(outages.Answered("enwiki"));
        Assert.Equal(LogLevel.Warning, outages.Failed("enwiki"));
        Assert.Equal(LogLevel.Debug, outages.Failed("enwiki"));
        Assert.Equal(LogLevel.Debug, outages.Failed("enwiki"));
        Assert.Equal(LogLevel.Warning, outages.Failed("nlwiki"));
        Assert.True(outages.Answered("enwiki"));
        Assert.False(outages.Answered("enwiki"));
        Assert.Equal(LogLevel.Debug, outages.Failed("nlwiki"));
        Assert.Equal(LogLevel.Warning, outages.Failed("enwiki"));
    }
}
