using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Storage;

public sealed class JadeDbContext(DbContextOptions<JadeDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<UserGroupMembership> UserGroupMemberships => Set<UserGroupMembership>();
    public DbSet<Artifact> Artifacts => Set<Artifact>();
    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<Endorsement> Endorsements => Set<Endorsement>();
    public DbSet<StoredText> Texts => Set<StoredText>();
    public DbSet<StoredEvent> Events => Set<StoredEvent>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<ApiTokens.ApiToken> ApiTokens => Set<ApiTokens.ApiToken>();
    public DbSet<Campaigns.Campaign> Campaigns => Set<Campaigns.Campaign>();
    public DbSet<Campaigns.CampaignTask> CampaignTasks => Set<Campaigns.CampaignTask>();
    public DbSet<Campaigns.Workset> Worksets => Set<Campaigns.Workset>();
    public DbSet<Campaigns.Assignment> Assignments => Set<Campaigns.Assignment>();
    public DbSet<Campaigns.CampaignLabel> CampaignLabels => Set<Campaigns.CampaignLabel>();
    public DbSet<Scores.StoredScore> Scores => Set<Scores.StoredScore>();
    public DbSet<Scores.ModelReport> ModelReports => Set<Scores.ModelReport>();
    public DbSet<Discussions.DiscussionThread> Threads => Set<Discussions.DiscussionThread>();
    public DbSet<Discussions.Comment> Comments => Set<Discussions.Comment>();
    public DbSet<Discussions.CommentRevision> CommentRevisions => Set<Discussions.CommentRevision>();
    public DbSet<Discussions.Watch> Watches => Set<Discussions.Watch>();
    public DbSet<Discussions.WatchState> WatchStates => Set<Discussions.WatchState>();
    public DbSet<Oversight.Rollback> Rollbacks => Set<Oversight.Rollback>();
    public DbSet<Oversight.OversightRequest> OversightRequests => Set<Oversight.OversightRequest>();
    public DbSet<StoredKey> Keys => Set<StoredKey>();
    public DbSet<Jobs.BackgroundJob> Jobs => Set<Jobs.BackgroundJob>();
    public DbSet<AbuseFilters.AbuseFilter> AbuseFilters => Set<AbuseFilters.AbuseFilter>();
    public DbSet<AbuseFilters.AbuseFilterHit> AbuseFilterHits => Set<AbuseFilters.AbuseFilterHit>();
    public DbSet<Patrol.PatrolEdit> PatrolEdits => Set<Patrol.PatrolEdit>();
    public DbSet<Patrol.PatrolSkip> PatrolSkips => Set<Patrol.PatrolSkip>();
    public DbSet<Dumps.Dump> Dumps => Set<Dumps.Dump>();

    /// <summary>
    /// The connection lent to this context by <see cref="SqliteReaderContexts"/>, given back when it is disposed (after
    /// the context itself went back to that connection's pool, so the next reader of the connection finds it there).
    /// </summary>
    internal IDisposable? ConnectionLease { get; set; }

    public override void Dispose()
    {
        base.Dispose();
        ConnectionLease?.Dispose();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ConnectionLease?.Dispose();
    }

    /// <summary>
    /// The partial indexes' condition in each store's SQL: SQLite keeps booleans as 0/1 (and its planner matches
    /// the queries' <c>= 1</c>), PostgreSQL has a boolean type. The one place the model differs by provider.
    /// </summary>
    private string PreferredOnly => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL" ? "\"Preferred\"" : "\"Preferred\" = 1";

    /// <summary>The same in both stores: it is how EF Core writes <c>!p.Preferred</c>, which both planners must recognise.</summary>
    private const string NotPreferredOnly = "NOT \"Preferred\"";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native DateTimeOffset; the binary form of the instant in UTC keeps time order in queries (StoredTime).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<StoredTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.HasIndex(u => new { u.Provider, u.Subject }).IsUnique();
            user.Property(u => u.Provider).HasMaxLength(64);
            user.Property(u => u.Subject).HasMaxLength(User.MaxSubjectLength);
            user.Property(u => u.Name).HasMaxLength(User.MaxNameLength);
            user.Property(u => u.Language).HasMaxLength(35);
            user.Property(u => u.Theme).HasConversion<string>().HasMaxLength(8);
            user.Property(u => u.KeyBindings).HasMaxLength(JadeStudio.Core.Campaigns.KeyBindings.MaxStoredLength);
            user.HasMany(u => u.Groups).WithOne().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<UserGroupMembership>(membership =>
        {
            membership.ToTable("user_groups");
            membership.HasKey(m => new { m.UserId, m.Group });
            membership.Property(m => m.Group).HasMaxLength(64);
        });

        modelBuilder.Entity<Artifact>(artifact =>
        {
            artifact.ToTable("artifacts");
            artifact.HasKey(a => a.Id);
            artifact.Property(a => a.Wiki).HasMaxLength(64);
            artifact.Property(a => a.Type).HasConversion(t => ArtifactKey.TypeName(t), s => s == "diff" ? ArtifactType.Diff : ArtifactType.Revision).HasMaxLength(16);
            // The revision before the type: a wiki's artifacts listed newest (or oldest) first are read in this index's order.
            artifact.HasIndex(a => new { a.Wiki, a.RevId, a.Type }).IsUnique();
            // The list by title reads titled artifacts in order from here; most are imported untitled, and add nothing to it.
            artifact.HasIndex(a => new { a.Wiki, a.PageTitle, a.RevId, a.Type }).IsDescending(false, false, true, true)
                .HasFilter("\"PageTitle\" IS NOT NULL").HasDatabaseName("IX_artifacts_titled");
            // Uploads insert artifacts in bulk without it: none has a proposal yet.
            artifact.Property(a => a.ProposalCount).HasDefaultValue(0);
            // The list by most proposals reads judged artifacts in order from here; unjudged ones are not in it.
            artifact.HasIndex(a => new { a.Wiki, a.ProposalCount, a.RevId, a.Type }).IsDescending(false, true, true, true)
                .HasFilter("\"ProposalCount\" > 0").HasDatabaseName("IX_artifacts_judged");
            artifact.Ignore(a => a.Key);
            artifact.Ignore(a => a.IsDemo);
        });

        modelBuilder.Entity<Proposal>(proposal =>
        {
            proposal.ToTable("proposals");
            proposal.HasKey(p => p.Id);
            proposal.Property(p => p.Facet).HasMaxLength(64);
            proposal.HasOne<Artifact>().WithMany().HasForeignKey(p => p.ArtifactId).OnDelete(DeleteBehavior.Restrict);
            proposal.HasOne<User>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Restrict);
            proposal.HasIndex(p => new { p.ArtifactId, p.Facet, p.LabelData }).IsUnique();
            // At most one preferred proposal per (artifact, facet), whatever the code does.
            proposal.HasIndex(p => new { p.ArtifactId, p.Facet }).IsUnique().HasFilter(PreferredOnly).HasDatabaseName("IX_proposals_one_preferred");
            proposal.HasIndex(p => p.AuthorId);
            // The analysis reads every preferred answer of a facet from this index alone.
            proposal.HasIndex(p => new { p.Facet, p.ArtifactId, p.LabelData }).HasFilter(PreferredOnly).HasDatabaseName("IX_proposals_preferred_answers");
            // Few proposals are not preferred: the disputed filter lists artifacts from this small index (ArtifactQueries).
            proposal.HasIndex(p => p.ArtifactId).HasFilter(NotPreferredOnly).HasDatabaseName("IX_proposals_disputed");
            // Search finds which item a matching text belongs to (its author may be hidden there): one index per holder of texts.
            proposal.HasIndex(p => p.NotesTextId).HasFilter("\"NotesTextId\" IS NOT NULL");
        });

        modelBuilder.Entity<Endorsement>(endorsement =>
        {
            endorsement.ToTable("endorsements");
            endorsement.HasKey(e => e.Id);
            endorsement.Property(e => e.Facet).HasMaxLength(64);
            endorsement.Property(e => e.Origin).HasMaxLength(64);
            endorsement.HasOne<Proposal>().WithMany().HasForeignKey(e => e.ProposalId).OnDelete(DeleteBehavior.Restrict);
            endorsement.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);
            // One endorsement per user per (artifact, facet).
            endorsement.HasIndex(e => new { e.ArtifactId, e.Facet, e.UserId }).IsUnique();
            endorsement.HasIndex(e => e.ProposalId);
            endorsement.HasIndex(e => e.UserId);
            endorsement.HasIndex(e => e.CommentTextId).HasFilter("\"CommentTextId\" IS NOT NULL");
        });

        modelBuilder.Entity<StoredText>(text =>
        {
            text.ToTable("texts");
            text.HasKey(t => t.Id);
        });

        modelBuilder.Entity<StoredEvent>(stored =>
        {
            stored.ToTable("events");
            stored.HasKey(e => e.Seq);
            stored.Property(e => e.Seq).ValueGeneratedOnAdd();
            stored.Property(e => e.Type).HasConversion<string>().HasMaxLength(64);
            stored.HasIndex(e => new { e.ArtifactId, e.Seq });
            stored.HasIndex(e => new { e.ActorId, e.Seq });
            stored.HasIndex(e => new { e.Wiki, e.Seq });
            stored.HasIndex(e => e.At);
            stored.HasIndex(e => new { e.Audience, e.Seq });
            stored.HasIndex(e => e.TextId).HasFilter("\"TextId\" IS NOT NULL");
            // The few acts whose performer's name is hidden, by artifact: a campaign's exports and statistics read them
            // without walking its tasks (the same SQL as EF Core's `ActorVisibility != Visible`, so both stores use it).
            stored.HasIndex(e => new { e.ArtifactId, e.ActorId }).HasFilter("\"ActorVisibility\" <> 0").HasDatabaseName("IX_events_hidden_actor");
            stored.Property(e => e.Tags).HasMaxLength(Commands.CommandContext.MaxTags);
        });

        modelBuilder.Entity<ApiTokens.ApiToken>(token =>
        {
            token.ToTable("api_tokens");
            token.HasKey(t => t.Id);
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasIndex(t => t.UserId);
            token.Property(t => t.Name).HasMaxLength(100);
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Campaigns.Campaign>(campaign =>
        {
            campaign.ToTable("campaigns");
            campaign.HasKey(c => c.Id);
            campaign.HasIndex(c => new { c.Wiki, c.Name }).IsUnique();
            campaign.Property(c => c.View).HasConversion<string>().HasMaxLength(16);
            campaign.Property(c => c.WorksetLifetime).HasConversion(v => (long)v.TotalSeconds, v => TimeSpan.FromSeconds(v));
        });
        modelBuilder.Entity<Campaigns.CampaignTask>(task =>
        {
            task.ToTable("campaign_tasks");
            task.HasKey(t => t.Id);
            // Artifact first: the same index then serves the artifact foreign key, which would otherwise need an index of
            // its own, one more entry for every task an import writes.
            task.HasIndex(t => new { t.ArtifactId, t.CampaignId }).IsUnique();
            // The label count in the key (not an index of its own, one more entry for every imported task): a workset's
            // search reads it from the index as it walks the campaign in order.
            task.HasIndex(t => new { t.CampaignId, t.Position, t.LabelCount });
            task.HasOne<Campaigns.Campaign>().WithMany().HasForeignKey(t => t.CampaignId).OnDelete(DeleteBehavior.Restrict);
            task.HasOne<Artifact>().WithMany().HasForeignKey(t => t.ArtifactId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Campaigns.Workset>(workset =>
        {
            workset.ToTable("worksets");
            workset.HasKey(w => w.Id);
            workset.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
            workset.HasIndex(w => new { w.CampaignId, w.UserId, w.Status });
        });
        modelBuilder.Entity<Campaigns.Assignment>(assignment =>
        {
            assignment.ToTable("assignments");
            assignment.HasKey(a => a.Id);
            // Nobody is given the same task twice.
            assignment.HasIndex(a => new { a.TaskId, a.UserId }).IsUnique();
            assignment.HasIndex(a => a.WorksetId);
            assignment.HasOne<Campaigns.Workset>().WithMany().HasForeignKey(a => a.WorksetId).OnDelete(DeleteBehavior.Restrict);
            assignment.HasOne<Campaigns.CampaignTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Campaigns.CampaignLabel>(label =>
        {
            label.ToTable("campaign_labels");
            label.HasKey(l => l.Id);
            label.HasIndex(l => new { l.TaskId, l.UserId }).IsUnique();
            label.HasIndex(l => new { l.CampaignId, l.CreatedAt });
        });

        modelBuilder.Entity<Scores.StoredScore>(score =>
        {
            score.ToTable("scores");
            score.HasKey(s => s.Id);
            score.HasIndex(s => new { s.Wiki, s.Model, s.ModelVersion, s.RevId }).IsUnique();
            score.HasIndex(s => new { s.Wiki, s.RevId });
            // Also IX_scores_true_probability, an expression index EF cannot model: see the AnalysisIndexes migration.
            score.Ignore(s => s.IsSynthetic);
            score.Ignore(s => s.ProbabilityMap);
        });
        modelBuilder.Entity<WikiContent.CachedRevision>(revision =>
        {
            revision.ToTable("wiki_revisions");
            revision.HasKey(r => new { r.Wiki, r.RevId });
            revision.Property(r => r.Wiki).HasMaxLength(64);
            revision.HasIndex(r => r.FetchedAt);
        });
        modelBuilder.Entity<WikiContent.CachedDiff>(diff =>
        {
            diff.ToTable("wiki_diffs");
            diff.HasKey(d => new { d.Wiki, d.RevId });
            diff.Property(d => d.Wiki).HasMaxLength(64);
            diff.HasIndex(d => d.FetchedAt);
        });
        modelBuilder.Entity<Scores.ModelReport>(report =>
        {
            report.ToTable("model_reports");
            report.HasKey(r => r.Id);
            report.HasIndex(r => r.ScoreId);
        });

        modelBuilder.Entity<Discussions.DiscussionThread>(thread =>
        {
            thread.ToTable("threads");
            thread.HasKey(t => t.Id);
            thread.Property(t => t.Subject).HasConversion<string>().HasMaxLength(16);
            thread.HasIndex(t => t.ArtifactId);
            thread.HasIndex(t => t.LastActivityAt);
            thread.HasIndex(t => t.TitleTextId);
        });
        modelBuilder.Entity<Oversight.Rollback>(rollback =>
        {
            rollback.ToTable("rollbacks");
            rollback.HasKey(r => r.Id);
            rollback.HasIndex(r => r.PerformedAt);
            rollback.Property(r => r.Wiki).HasMaxLength(64);
        });
        modelBuilder.Entity<Oversight.OversightRequest>(request =>
        {
            request.ToTable("oversight_requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.Field).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            request.HasIndex(r => new { r.Status, r.Id });
            request.HasIndex(r => r.RequesterId);
        });
        modelBuilder.Entity<Discussions.Comment>(comment =>
        {
            comment.ToTable("comments");
            comment.HasKey(c => c.Id);
            comment.HasIndex(c => c.ThreadId);
            comment.HasIndex(c => c.TextId);
            comment.HasIndex(c => new { c.AuthorId, c.CreatedAt });
            // The posting rate counts comments edited in the last minute too.
            comment.HasIndex(c => new { c.AuthorId, c.EditedAt });
        });
        modelBuilder.Entity<Discussions.CommentRevision>(revision =>
        {
            revision.ToTable("comment_revisions");
            revision.HasKey(r => r.Id);
            revision.HasIndex(r => r.CommentId);
            revision.HasIndex(r => r.TextId);
        });
        modelBuilder.Entity<Discussions.Watch>(watch =>
        {
            watch.ToTable("watches");
            watch.HasKey(w => new { w.UserId, w.ArtifactId });
        });
        modelBuilder.Entity<Discussions.WatchState>(state =>
        {
            state.ToTable("watch_states");
            state.HasKey(s => s.UserId);
        });

        modelBuilder.Entity<StoredKey>(key =>
        {
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id);
        });

        modelBuilder.Entity<Jobs.BackgroundJob>(job =>
        {
            job.ToTable("background_jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.Kind).HasConversion<string>().HasMaxLength(32);
            job.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Wiki).HasMaxLength(64);
            job.Property(j => j.Problem).HasMaxLength(64);
            job.HasIndex(j => new { j.OwnerId, j.Id });
            job.HasIndex(j => new { j.CampaignId, j.Id });
            job.HasOne<User>().WithMany().HasForeignKey(j => j.OwnerId).OnDelete(DeleteBehavior.Restrict);
            job.HasOne<Campaigns.Campaign>().WithMany().HasForeignKey(j => j.CampaignId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AbuseFilters.AbuseFilter>(filter =>
        {
            filter.ToTable("abuse_filters");
            filter.HasKey(f => f.Id);
            filter.Property(f => f.Description).HasMaxLength(255);
            filter.Property(f => f.Action).HasConversion<string>().HasMaxLength(16);
            filter.Property(f => f.Tag).HasMaxLength(64);
            filter.Property(f => f.ExemptRight).HasMaxLength(64);
            filter.HasOne<User>().WithMany().HasForeignKey(f => f.UpdatedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<AbuseFilters.AbuseFilterHit>(hit =>
        {
            hit.ToTable("abuse_filter_hits");
            hit.HasKey(h => h.Id);
            hit.Property(h => h.TextAction).HasConversion<string>().HasMaxLength(32);
            hit.Property(h => h.Outcome).HasConversion<string>().HasMaxLength(16);
            hit.Property(h => h.Wiki).HasMaxLength(64);
            hit.Property(h => h.Artifact).HasMaxLength(128);
            // The throttle and the warning read one filter's hits by one user, newest last.
            hit.HasIndex(h => new { h.FilterId, h.UserId, h.At });
            // One filter's log, newest first, read in order and stopped after the page (the index above would sort all its hits).
            hit.HasIndex(h => new { h.FilterId, h.Id });
            // One user's log, the same way.
            hit.HasIndex(h => new { h.UserId, h.Id });
            hit.HasOne<AbuseFilters.AbuseFilter>().WithMany().HasForeignKey(h => h.FilterId).OnDelete(DeleteBehavior.Cascade);
            hit.HasOne<User>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Patrol.PatrolEdit>(edit =>
        {
            edit.ToTable("patrol_edits");
            edit.HasKey(p => p.Id);
            edit.Property(p => p.Wiki).HasMaxLength(64);
            edit.Property(p => p.PageTitle).HasMaxLength(512);
            edit.Property(p => p.User).HasMaxLength(255);
            edit.HasIndex(p => new { p.Wiki, p.RevId }).IsUnique();
            edit.HasIndex(p => new { p.Wiki, p.EditedAt });
            edit.HasOne<User>().WithMany().HasForeignKey(p => p.ClaimedById).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<Patrol.PatrolSkip>(skip =>
        {
            skip.ToTable("patrol_skips");
            skip.HasKey(s => new { s.EditId, s.UserId });
            skip.HasOne<Patrol.PatrolEdit>().WithMany().HasForeignKey(s => s.EditId).OnDelete(DeleteBehavior.Cascade);
            skip.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Dumps.Dump>(dump =>
        {
            dump.ToTable("dumps");
            dump.HasKey(d => d.Id);
            dump.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
            dump.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
            dump.Property(d => d.Problem).HasMaxLength(64);
            dump.Ignore(d => d.DirectoryName);
            dump.HasIndex(d => new { d.Kind, d.State, d.Id });
        });

        modelBuilder.Entity<Dumps.TermsAcceptance>(acceptance =>
        {
            acceptance.ToTable("redaction_terms_acceptances");
            acceptance.HasKey(a => new { a.UserId, a.Version });
            acceptance.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Queries.SavedQuery>(query =>
        {
            query.ToTable("saved_queries");
            query.HasKey(q => q.Id);
            query.Property(q => q.Title).HasMaxLength(Queries.SavedQuery.MaxTitleLength);
            query.HasIndex(q => q.AuthorId);
            query.HasOne<User>().WithMany().HasForeignKey(q => q.AuthorId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Block>(block =>
        {
            block.ToTable("blocks");
            block.HasKey(b => b.Id);
            block.HasIndex(b => b.UserId);
            block.HasOne<User>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
