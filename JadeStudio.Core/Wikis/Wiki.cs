namespace JadeStudio.Core.Wikis;

/// <summary>A wiki JadeStudio judges edits of, from configuration ("JadeStudio:Wikis").</summary>
public sealed class Wiki
{
    /// <summary>The database name, e.g. <c>enwiki</c>; part of every artifact id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Content language, e.g. <c>cs</c>; text from this wiki is shown with this language and direction.</summary>
    public string Language { get; set; } = "en";

    /// <summary>e.g. <c>https://cs.wikipedia.org</c>; links to diffs and revisions are built from it.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The judgment facets that apply on this wiki, e.g. editquality and contentquality.</summary>
    public List<string> Facets { get; set; } = [];

    /// <summary>
    /// The host the wiki serves its files from (Wikimedia: <c>upload.wikimedia.org</c>). Markdown images load
    /// only from the configured wikis' upload hosts, so no reader's address reaches anyone else. Empty: none.
    /// </summary>
    public string UploadHost { get; set; } = WikimediaUploadHost;

    public const string WikimediaUploadHost = "upload.wikimedia.org";

    /// <summary>The MediaWiki Action API's address; empty: <c>/w/api.php</c> under <see cref="BaseUrl"/>, as on Wikimedia's wikis.</summary>
    public string ApiUrl { get; set; } = "";

    public string Api => ApiUrl.Length > 0 ? ApiUrl : $"{BaseUrl.TrimEnd('/')}/w/api.php";

    public string DiffUrl(long revId) => $"{BaseUrl.TrimEnd('/')}/w/index.php?diff={revId}";

    /// <summary>A page of the wiki by title, as MediaWiki writes its links (spaces as underscores, / and : kept).</summary>
    public string PageUrl(string title) =>
        $"{BaseUrl.TrimEnd('/')}/wiki/{Uri.EscapeDataString(title.Replace(' ', '_')).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3A", ":", StringComparison.Ordinal)}";

    /// <summary>An editor's contributions on the wiki (Special:Contributions works in every language).</summary>
    public string ContributionsUrl(string user) => PageUrl("Special:Contributions/" + user);

    public string RevisionUrl(long revId) => $"{BaseUrl.TrimEnd('/')}/w/index.php?oldid={revId}";
}

/// <summary>The configured wikis.</summary>
public sealed class WikiCatalog
{
    private readonly Dictionary<string, Wiki> _wikis;

    public WikiCatalog(IEnumerable<Wiki> wikis)
    {
        _wikis = new Dictionary<string, Wiki>(StringComparer.Ordinal);
        foreach (var wiki in wikis)
        {
            if (!_wikis.TryAdd(wiki.Id, wiki))
            {
                throw new Settings.InvalidSettingException($"The setting JadeStudio:Wikis names the wiki '{wiki.Id}' twice.");
            }
        }
    }

    public IReadOnlyCollection<Wiki> All => _wikis.Values.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();

    public Wiki? Find(string id) => _wikis.GetValueOrDefault(id);

    /// <summary>Where images in comments and notes may load from: the wikis' upload hosts, and nowhere else.</summary>
    public IReadOnlySet<string> ImageHosts => _imageHosts ??= _wikis.Values.Select(w => w.UploadHost.Trim().ToLowerInvariant())
        .Where(h => h.Length > 0).ToHashSet(StringComparer.Ordinal);

    private IReadOnlySet<string>? _imageHosts;

    /// <summary>The wikis every deployment starts with; configuration may replace them.</summary>
    public static IReadOnlyList<Wiki> Defaults { get; } =
    [
        new() { Id = "enwiki", Language = "en", BaseUrl = "https://en.wikipedia.org", Facets = ["editquality", "contentquality"] },
        new() { Id = "cswiki", Language = "cs", BaseUrl = "https://cs.wikipedia.org", Facets = ["editquality"] },
        new() { Id = "nlwiki", Language = "nl", BaseUrl = "https://nl.wikipedia.org", Facets = ["editquality", "contentquality"] },
        new() { Id = "arwiki", Language = "ar", BaseUrl = "https://ar.wikipedia.org", Facets = ["editquality"] },
        new() { Id = "wikidatawiki", Language = "en", BaseUrl = "https://www.wikidata.org", Facets = ["editquality", "itemquality"] },
    ];
}
