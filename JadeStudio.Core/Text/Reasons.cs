namespace JadeStudio.Core.Text;

/// <summary>The reason an administrator gives for an act: a block or its lifting, a group change, a hide, a rollback, a request to hide.</summary>
public static class Reasons
{
    /// <summary>
    /// As MediaWiki's log reasons and summaries (CommentStore): 1,000 characters, the limit a judgment's deletion reason
    /// and an endorsement's comment already had.
    /// </summary>
    public const int MaxLength = Judgments.TextLimits.Comment;

    /// <summary>
    /// The reason as it is stored (trimmed and composed, <see cref="TextField"/>), null when blank; one longer than
    /// <see cref="MaxLength"/> is refused as <c>jade-texttoolong</c>. Checked and stored by this one rule.
    /// </summary>
    public static string? Checked(string? reason) => TextField.Optional(reason, "reason", MaxLength);
}
