namespace JadeStudio.Core.WikiContent;

/// <summary>
/// What the wiki says about one revision (<c>action=query&amp;prop=revisions</c>). A part the wiki hides
/// (revision deletion or suppression) is null and flagged: its value never reaches JadeStudio.
/// </summary>
public sealed record WikiRevision(
    string Wiki,
    long RevId,
    long ParentId,
    long PageId,
    int Namespace,
    string Title,
    DateTimeOffset Timestamp,
    string? User,
    long? UserId,
    bool Anonymous,
    string? Comment,
    long Size,
    long? ParentSize,
    IReadOnlyList<string> Tags,
    bool Minor,
    WikiHiding Hidden)
{
    /// <summary>The page's first revision: there is nothing before it to compare with.</summary>
    public bool IsPageCreation => ParentId == 0;

    /// <summary>Bytes added (positive) or removed (negative); null while the parent's size is unknown.</summary>
    public long? SizeChange => IsPageCreation ? Size : Size - ParentSize;
}

/// <summary>Which parts of a revision the wiki hides from readers, and whether that hiding is suppression.</summary>
public sealed record WikiHiding(bool User, bool Comment, bool Text, bool Suppressed)
{
    public static readonly WikiHiding None = new(false, false, false, false);

    public bool Any => User || Comment || Text;
}

/// <summary>The diff of an edit against its parent (<c>action=compare&amp;torelative=prev</c>), as the wiki renders it.</summary>
/// <param name="FromRevId">The parent revision; null when the edit created the page (everything is added).</param>
/// <param name="TableRows">wikidiff2's (or Wikibase's) table rows, unsanitised: they must pass the sanitizer before display.</param>
public sealed record WikiDiff(string Wiki, long RevId, long? FromRevId, long? FromSize, long ToSize, string TableRows)
{
    public bool IsPageCreation => FromRevId is null;

    /// <summary>Bytes added (positive) or removed (negative), as MediaWiki's history shows it.</summary>
    public long SizeChange => ToSize - (FromSize ?? 0);
}

/// <summary>A revision rendered as HTML (<c>action=parse&amp;oldid=</c>), for judging a version of a page.</summary>
public sealed record WikiPageVersion(string Wiki, long RevId, string Title, string Html);

/// <summary>Why the wiki could not give what was asked.</summary>
public abstract record WikiContentProblem
{
    private WikiContentProblem()
    {
    }

    /// <summary>No such revision (or one of a deleted page): permanent.</summary>
    public sealed record Missing(long RevId) : WikiContentProblem;

    /// <summary>The revision's text is deleted or suppressed on the wiki: permanent for readers.</summary>
    public sealed record TextHidden(long RevId) : WikiContentProblem;

    /// <summary>The wiki did not answer in time, is lagged or limits us; worth trying later.</summary>
    public sealed record Unavailable(string Reason) : WikiContentProblem;

    /// <summary>Any other error code the wiki gave.</summary>
    public sealed record Refused(string Code, string Info) : WikiContentProblem;
}

/// <summary>Content or the reason there is none.</summary>
public sealed record WikiContentResult<T>(T? Value, WikiContentProblem? Problem) where T : class
{
    public static WikiContentResult<T> Of(T value) => new(value, null);

    public static WikiContentResult<T> Failed(WikiContentProblem problem) => new(null, problem);
}

/// <summary>Revisions of one batch: those found, and the ids the wiki does not know.</summary>
public sealed record WikiRevisionBatch(IReadOnlyList<WikiRevision> Revisions, IReadOnlyList<long> Missing);

/// <summary>
/// Where the content of an artifact comes from: a wiki's MediaWiki Action API. One port, so tests and
/// installations without a reachable wiki can do without it.
/// </summary>
public interface IWikiContentSource
{
    /// <summary>Metadata of these revisions, asked in batches of at most 50; background batches yield to a lagged wiki (<c>maxlag</c>).</summary>
    Task<WikiContentResult<WikiRevisionBatch>> RevisionsAsync(string wiki, IReadOnlyList<long> revIds, bool background, CancellationToken cancellationToken);

    Task<WikiContentResult<WikiDiff>> DiffAsync(string wiki, long revId, CancellationToken cancellationToken);

    Task<WikiContentResult<WikiPageVersion>> PageAsync(string wiki, long revId, CancellationToken cancellationToken);
}
