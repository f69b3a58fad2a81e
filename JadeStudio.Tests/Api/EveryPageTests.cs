using System.Reflection;
using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JadeStudio.Tests.Api;

/// <summary>
/// Every page, its address holding values of the wrong kind in each route and query parameter it reads, opened
/// anonymously and signed in: never a server error. (A page answers such an address with its default view, its
/// not-found view or a redirect; a prerender that throws is a 500 with the error page.)
/// </summary>
public sealed class EveryPageTests(EveryPageTests.Factory app) : IClassFixture<EveryPageTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Production", new Dictionary<string, string?> { ["JadeStudio:DevelopmentSignIn:Enabled"] = "true" });

    private static readonly string[] WrongValues =
        ["", "1&{name}=2", "0", "-1", "99999999999999999999", "NaN", "Infinity", "-Infinity", "1e400", "0001-01-01", "9999-12-31", "abc", "%00", "%FF", "%C3%A9", "%2F..%2F", new string('a', 3000)];

    /// <summary>Pages that read their filters from the address themselves, by MediaWiki's names, not through parameters.</summary>
    private static readonly Dictionary<string, string[]> FiltersReadByHand = new(StringComparer.Ordinal)
    {
        ["/recentchanges"] = ["wiki", "kinds", "user", "experience", "hidebots", "days", "limit"],
        ["/watchlist"] = ["wiki", "kinds", "user", "experience", "hidebots", "days", "limit"],
        ["/contributions/{User}"] = ["wiki", "kinds", "experience", "days", "limit"],
        ["/log"] = ["type", "user"],
        ["/log/{Kind}"] = ["type", "user"],
    };

    [Theory]
    [InlineData(null)]
    [InlineData("oversighter")]
    [InlineData("sysop")]
    public async Task No_page_answers_an_address_of_wrong_values_with_a_server_error(string? account)
    {
        // Over HTTPS, as in production: the sign-in cookie is marked secure.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        if (account is not null)
        {
            await JadeWebFactory.SignInAsync(client, account);
            // Signed in, the preferences page is shown rather than a redirect to the sign-in page.
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/preferences")).StatusCode);
        }
        var failures = new List<string>();
        var asked = 0;
        foreach (var (template, queryNames) in Pages())
        {
            var routeNames = RouteParameters(template);
            string Address(string? fuzzed, string? value, bool othersGiven)
            {
                var address = template;
                value = value?.Replace("{name}", fuzzed, StringComparison.Ordinal);
                foreach (var (placeholder, name) in routeNames)
                {
                    address = address.Replace(placeholder, name == fuzzed ? value : ValidRouteValue(name), StringComparison.Ordinal);
                }
                var query = queryNames.Where(n => n == fuzzed || othersGiven).Select(n => n + "=" + (n == fuzzed ? value : ValidQueryValue(n!))).ToList();
                return query.Count == 0 ? address : address + "?" + string.Join('&', query);
            }

            // The page as it is linked (null: no parameter wrong), then each parameter wrong in turn, alone and (a page may read a
            // value only once another is given, as a search its dates once there is a text) with the page's other parameters given.
            foreach (var othersGiven in queryNames.Count > 1 ? [false, true] : new[] { false })
            {
                foreach (var name in routeNames.Select(r => r.Name).Concat(queryNames).Prepend(null))
                {
                    // A NUL in the path is refused by the server before any page (Kestrel: a bare 400), in the query it reaches the page.
                    foreach (var value in name is null ? [""] : WrongValues.Where(v => v != "%00" || queryNames.Contains(name)))
                    {
                        var address = Address(name, value, othersGiven);
                        using var response = await client.GetAsync(address);
                        asked++;
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{(address.Length > 300 ? address[..200] + "…" : address)}: {(int)response.StatusCode}");
                        }
                    }
                }
            }
        }

        Assert.True(asked > 300, $"Only {asked} addresses were asked: fewer pages were found than expected.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {asked} pages failed:\n" + string.Join('\n', failures.Take(60)));
    }

    [Fact]
    public async Task Every_page_asked_by_sixty_four_signed_in_clients_at_once_gets_no_server_error()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        await JadeWebFactory.SignInAsync(client, "oversighter");
        var addresses = Pages().Select(page => RouteParameters(page.Template)
                .Aggregate(page.Template, (address, route) => address.Replace(route.Placeholder, ValidRouteValue(route.Name), StringComparison.Ordinal)))
            .ToList();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        // Each page four times over, 64 requests in flight at any moment.
        await Parallel.ForEachAsync(Enumerable.Repeat(addresses, 4).SelectMany(a => a), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (address, cancel) =>
        {
            using var response = await client.GetAsync(address, cancel);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{address}: {(int)response.StatusCode}");
            }
        });

        Assert.True(addresses.Count > 30, $"Only {addresses.Count} pages were found.");
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Distinct().Take(40)));
    }

    /// <summary>
    /// What the HTML validator (vnu) found in our own markup, on every page signed in: no block (the header's language
    /// and theme menus once sat in a <c>span</c>) inside a phrasing element.
    /// </summary>
    [Fact]
    public async Task No_page_puts_a_block_inside_a_span()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        await JadeWebFactory.SignInAsync(client, "sysop");
        var wrong = new List<string>();
        foreach (var (template, _) in Pages())
        {
            var address = RouteParameters(template).Aggregate(template, (a, route) => a.Replace(route.Placeholder, ValidRouteValue(route.Name), StringComparison.Ordinal));
            using var response = await client.GetAsync(address);
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            wrong.AddRange(page.QuerySelectorAll("span div, span p, span ul, span table").Select(block => $"{address}: <{block.LocalName} class=\"{block.ClassName}\"> in <span class=\"{block.Closest("span")!.ClassName}\">"));
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong.Take(20)));
    }

    [Theory]
    [InlineData("zz-ZZ")]
    [InlineData("*")]
    [InlineData("de;q=abc, he;q=-1, en;q=2")]
    [InlineData("x-klingon-tlh-qaak-1234567890")]
    [InlineData("i-default")]
    [InlineData("sr-Latn-RS-u-nu-arab-ca-islamic")]
    [InlineData("\u00e9\u00e9")]
    [InlineData("")]
    public async Task A_language_or_theme_of_any_shape_gets_a_page_not_a_server_error(string value)
    {
        var longValue = value + new string('a', 2000);
        foreach (var page in new[] { "/", "/recentchanges", "/artifact/enwiki/diff/4242", "/signin" })
        {
            foreach (var candidate in new[] { value, longValue })
            {
                var escaped = Uri.EscapeDataString(candidate);
                using var byQuery = await app.CreateClient().GetAsync(page + "?uselang=" + escaped);
                using var byHeader = new HttpRequestMessage(HttpMethod.Get, page);
                byHeader.Headers.TryAddWithoutValidation("Accept-Language", candidate);
                byHeader.Headers.TryAddWithoutValidation("Cookie", $"jadestudio-lang={escaped}; jadestudio-theme={escaped}");
                using var byHeaderAnswer = await app.CreateClient().SendAsync(byHeader);

                Assert.True((int)byQuery.StatusCode < 500, $"{page}?uselang={candidate}: {(int)byQuery.StatusCode}");
                Assert.True((int)byHeaderAnswer.StatusCode < 500, $"{page} with Accept-Language and cookies '{candidate}': {(int)byHeaderAnswer.StatusCode}");
            }
        }
    }

    /// <summary>Each routable page's templates, with the query parameters it is given.</summary>
    private static IEnumerable<(string Template, HashSet<string?> QueryNames)> Pages() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(route => (Template: route.Template, Type: t)))
            .Select(page => (page.Template, new HashSet<string?>(
                page.Type.GetProperties()
                    .Select(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is { } query ? query.Name ?? p.Name : null)
                    .Where(n => n is not null)
                    .Concat(FiltersReadByHand.GetValueOrDefault(page.Template) ?? []),
                StringComparer.Ordinal)));

    /// <summary>The template's parameters: "{Id:long}" → ("{Id:long}", "Id").</summary>
    private static List<(string Placeholder, string Name)> RouteParameters(string template) =>
        System.Text.RegularExpressions.Regex.Matches(template, @"\{([A-Za-z]+)(:[a-z]+)?\}")
            .Select(m => (m.Value, m.Groups[1].Value))
            .ToList();

    private static string ValidRouteValue(string name) => name switch
    {
        "Wiki" => "enwiki",
        "Type" => "diff",
        "RevId" => "4242",
        "User" => "Dev_Reviewer",
        "Kind" => "delete",
        _ => "1",
    };

    /// <summary>A value each query parameter is given as a page links it, while another parameter is the wrong one.</summary>
    private static string ValidQueryValue(string name) => name switch
    {
        "q" => "judgment",
        "wiki" => "enwiki",
        "from" => "2026-11-01",
        "to" => "2026-12-31",
        "author" or "user" => "Dev_Reviewer",
        "kinds" => "judgment",
        "days" => "30",
        "limit" => "50",
        "hidebots" => "1",
        "experience" => "newcomer",
        "type" => "delete",
        _ => "1",
    };
}
