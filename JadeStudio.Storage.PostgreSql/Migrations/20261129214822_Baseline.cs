using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace JadeStudio.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "artifacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Wiki = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RevId = table.Column<long>(type: "bigint", nullable: false),
                    PageTitle = table.Column<string>(type: "text", nullable: true),
                    Data = table.Column<string>(type: "text", nullable: true),
                    Source = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_artifacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "campaign_labels",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CampaignId = table.Column<long>(type: "bigint", nullable: false),
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    Answers = table.Column<string>(type: "text", nullable: false),
                    Complete = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaign_labels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "campaigns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Wiki = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Facet = table.Column<string>(type: "text", nullable: false),
                    View = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LabelsPerTask = table.Column<int>(type: "integer", nullable: false),
                    TasksPerWorkset = table.Column<int>(type: "integer", nullable: false),
                    WorksetLifetime = table.Column<long>(type: "bigint", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    InfoUrl = table.Column<string>(type: "text", nullable: true),
                    Instructions = table.Column<string>(type: "text", nullable: true),
                    CreatedById = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "comment_revisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommentId = table.Column<long>(type: "bigint", nullable: false),
                    TextId = table.Column<long>(type: "bigint", nullable: false),
                    ReplacedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_comment_revisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ThreadId = table.Column<long>(type: "bigint", nullable: false),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    AuthorId = table.Column<long>(type: "bigint", nullable: false),
                    AuthorVisibility = table.Column<int>(type: "integer", nullable: false),
                    TextId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    EditedAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_comments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: false),
                    Xml = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    ActorId = table.Column<long>(type: "bigint", nullable: true),
                    ActorVisibility = table.Column<int>(type: "integer", nullable: false),
                    SubjectVisibility = table.Column<int>(type: "integer", nullable: false),
                    Audience = table.Column<int>(type: "integer", nullable: false),
                    Wiki = table.Column<string>(type: "text", nullable: true),
                    ArtifactId = table.Column<long>(type: "bigint", nullable: true),
                    Facet = table.Column<string>(type: "text", nullable: true),
                    ProposalId = table.Column<long>(type: "bigint", nullable: true),
                    EndorsementId = table.Column<long>(type: "bigint", nullable: true),
                    SubjectUserId = table.Column<long>(type: "bigint", nullable: true),
                    LabelData = table.Column<string>(type: "text", nullable: true),
                    PreviousLabelData = table.Column<string>(type: "text", nullable: true),
                    TextId = table.Column<long>(type: "bigint", nullable: true),
                    PreviousTextId = table.Column<long>(type: "bigint", nullable: true),
                    Data = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "model_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ScoreId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    ProposalId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "oversight_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequesterId = table.Column<long>(type: "bigint", nullable: false),
                    ArtifactId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    Field = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReasonTextId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    ClosedById = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oversight_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rollbacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    PerformedById = table.Column<long>(type: "bigint", nullable: false),
                    From = table.Column<long>(type: "bigint", nullable: false),
                    To = table.Column<long>(type: "bigint", nullable: false),
                    Wiki = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReasonTextId = table.Column<long>(type: "bigint", nullable: false),
                    EndorsementsRemoved = table.Column<int>(type: "integer", nullable: false),
                    ProposalsRemoved = table.Column<int>(type: "integer", nullable: false),
                    Before = table.Column<string>(type: "text", nullable: false),
                    After = table.Column<string>(type: "text", nullable: false),
                    PerformedAt = table.Column<long>(type: "bigint", nullable: false),
                    UndoneAt = table.Column<long>(type: "bigint", nullable: true),
                    UndoneById = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rollbacks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "scores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Wiki = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    ModelVersion = table.Column<string>(type: "text", nullable: false),
                    RevId = table.Column<long>(type: "bigint", nullable: false),
                    Prediction = table.Column<string>(type: "text", nullable: true),
                    Probabilities = table.Column<string>(type: "text", nullable: true),
                    ErrorType = table.Column<string>(type: "text", nullable: true),
                    ErrorMessage = table.Column<string>(type: "text", nullable: true),
                    Source = table.Column<string>(type: "text", nullable: false),
                    FetchedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scores", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "texts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Content = table.Column<string>(type: "text", nullable: false),
                    Visibility = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_texts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "threads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ArtifactId = table.Column<long>(type: "bigint", nullable: false),
                    TitleTextId = table.Column<long>(type: "bigint", nullable: false),
                    AuthorId = table.Column<long>(type: "bigint", nullable: false),
                    AuthorVisibility = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastActivityAt = table.Column<long>(type: "bigint", nullable: false),
                    ResolvedAt = table.Column<long>(type: "bigint", nullable: true),
                    ResolvedById = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_threads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Provider = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Theme = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    KeyBindings = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    WikiRights = table.Column<string>(type: "text", nullable: false),
                    WikiRightNames = table.Column<string>(type: "text", nullable: false),
                    WikiBlocked = table.Column<bool>(type: "boolean", nullable: false),
                    WikiEditCount = table.Column<long>(type: "bigint", nullable: true),
                    WikiRegisteredAt = table.Column<long>(type: "bigint", nullable: true),
                    Hidden = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastSignInAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "watch_states",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WatchOwnActivity = table.Column<bool>(type: "boolean", nullable: false),
                    LastReadSeq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_watch_states", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "watches",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    ArtifactId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_watches", x => new { x.UserId, x.ArtifactId });
                });

            migrationBuilder.CreateTable(
                name: "wiki_diffs",
                columns: table => new
                {
                    Wiki = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RevId = table.Column<long>(type: "bigint", nullable: false),
                    FromRevId = table.Column<long>(type: "bigint", nullable: true),
                    SizeChange = table.Column<long>(type: "bigint", nullable: false),
                    Html = table.Column<string>(type: "text", nullable: false),
                    FetchedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wiki_diffs", x => new { x.Wiki, x.RevId });
                });

            migrationBuilder.CreateTable(
                name: "wiki_revisions",
                columns: table => new
                {
                    Wiki = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RevId = table.Column<long>(type: "bigint", nullable: false),
                    ParentId = table.Column<long>(type: "bigint", nullable: false),
                    PageId = table.Column<long>(type: "bigint", nullable: false),
                    Namespace = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Timestamp = table.Column<long>(type: "bigint", nullable: false),
                    User = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<long>(type: "bigint", nullable: true),
                    Anonymous = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "text", nullable: true),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    ParentSize = table.Column<long>(type: "bigint", nullable: true),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    Minor = table.Column<bool>(type: "boolean", nullable: false),
                    UserHidden = table.Column<bool>(type: "boolean", nullable: false),
                    CommentHidden = table.Column<bool>(type: "boolean", nullable: false),
                    TextHidden = table.Column<bool>(type: "boolean", nullable: false),
                    Suppressed = table.Column<bool>(type: "boolean", nullable: false),
                    FetchedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wiki_revisions", x => new { x.Wiki, x.RevId });
                });

            migrationBuilder.CreateTable(
                name: "worksets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CampaignId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_worksets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "campaign_tasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CampaignId = table.Column<long>(type: "bigint", nullable: false),
                    ArtifactId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaign_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_campaign_tasks_artifacts_ArtifactId",
                        column: x => x.ArtifactId,
                        principalTable: "artifacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_campaign_tasks_campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false),
                    Rights = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastUsedAt = table.Column<long>(type: "bigint", nullable: true),
                    RevokedAt = table.Column<long>(type: "bigint", nullable: true),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_api_tokens_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "blocks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    Sitewide = table.Column<bool>(type: "boolean", nullable: false),
                    Wikis = table.Column<string>(type: "text", nullable: false),
                    Artifacts = table.Column<string>(type: "text", nullable: false),
                    Actions = table.Column<string>(type: "text", nullable: false),
                    Expiry = table.Column<long>(type: "bigint", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    BlockedById = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    HidesUser = table.Column<bool>(type: "boolean", nullable: false),
                    LiftedAt = table.Column<long>(type: "bigint", nullable: true),
                    LiftedById = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_blocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_blocks_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "proposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ArtifactId = table.Column<long>(type: "bigint", nullable: false),
                    Facet = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LabelData = table.Column<string>(type: "text", nullable: false),
                    NotesTextId = table.Column<long>(type: "bigint", nullable: true),
                    AuthorId = table.Column<long>(type: "bigint", nullable: false),
                    AuthorVisibility = table.Column<int>(type: "integer", nullable: false),
                    Preferred = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_proposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_proposals_artifacts_ArtifactId",
                        column: x => x.ArtifactId,
                        principalTable: "artifacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_proposals_users_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_groups",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    Group = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    GrantedAt = table.Column<long>(type: "bigint", nullable: false),
                    Expiry = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_groups", x => new { x.UserId, x.Group });
                    table.ForeignKey(
                        name: "FK_user_groups_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorksetId = table.Column<long>(type: "bigint", nullable: false),
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    LabeledAt = table.Column<long>(type: "bigint", nullable: true),
                    SkippedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assignments_campaign_tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "campaign_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assignments_worksets_WorksetId",
                        column: x => x.WorksetId,
                        principalTable: "worksets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "endorsements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProposalId = table.Column<long>(type: "bigint", nullable: false),
                    ArtifactId = table.Column<long>(type: "bigint", nullable: false),
                    Facet = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    UserVisibility = table.Column<int>(type: "integer", nullable: false),
                    CommentTextId = table.Column<long>(type: "bigint", nullable: true),
                    Origin = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_endorsements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_endorsements_proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_endorsements_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_Hash",
                table: "api_tokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_UserId",
                table: "api_tokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_artifacts_Wiki_Type_RevId",
                table: "artifacts",
                columns: new[] { "Wiki", "Type", "RevId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assignments_TaskId_UserId",
                table: "assignments",
                columns: new[] { "TaskId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assignments_WorksetId",
                table: "assignments",
                column: "WorksetId");

            migrationBuilder.CreateIndex(
                name: "IX_blocks_UserId",
                table: "blocks",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_campaign_labels_CampaignId_CreatedAt",
                table: "campaign_labels",
                columns: new[] { "CampaignId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_campaign_labels_TaskId_UserId",
                table: "campaign_labels",
                columns: new[] { "TaskId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_ArtifactId",
                table: "campaign_tasks",
                column: "ArtifactId");

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_CampaignId_ArtifactId",
                table: "campaign_tasks",
                columns: new[] { "CampaignId", "ArtifactId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_CampaignId_Position",
                table: "campaign_tasks",
                columns: new[] { "CampaignId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_campaigns_Wiki_Name",
                table: "campaigns",
                columns: new[] { "Wiki", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_comment_revisions_CommentId",
                table: "comment_revisions",
                column: "CommentId");

            migrationBuilder.CreateIndex(
                name: "IX_comments_AuthorId_CreatedAt",
                table: "comments",
                columns: new[] { "AuthorId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_comments_ThreadId",
                table: "comments",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_endorsements_ArtifactId_Facet_UserId",
                table: "endorsements",
                columns: new[] { "ArtifactId", "Facet", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_endorsements_ProposalId",
                table: "endorsements",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_endorsements_UserId",
                table: "endorsements",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_events_ActorId_Seq",
                table: "events",
                columns: new[] { "ActorId", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_events_ArtifactId_Seq",
                table: "events",
                columns: new[] { "ArtifactId", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_events_At",
                table: "events",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_events_Audience_Seq",
                table: "events",
                columns: new[] { "Audience", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_events_Wiki_Seq",
                table: "events",
                columns: new[] { "Wiki", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_model_reports_ScoreId",
                table: "model_reports",
                column: "ScoreId");

            migrationBuilder.CreateIndex(
                name: "IX_oversight_requests_RequesterId",
                table: "oversight_requests",
                column: "RequesterId");

            migrationBuilder.CreateIndex(
                name: "IX_oversight_requests_Status_Id",
                table: "oversight_requests",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_proposals_ArtifactId_Facet_LabelData",
                table: "proposals",
                columns: new[] { "ArtifactId", "Facet", "LabelData" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_proposals_AuthorId",
                table: "proposals",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_proposals_one_preferred",
                table: "proposals",
                columns: new[] { "ArtifactId", "Facet" },
                unique: true,
                filter: "\"Preferred\"");

            migrationBuilder.CreateIndex(
                name: "IX_proposals_preferred_answers",
                table: "proposals",
                columns: new[] { "Facet", "ArtifactId", "LabelData" },
                filter: "\"Preferred\"");

            migrationBuilder.CreateIndex(
                name: "IX_rollbacks_PerformedAt",
                table: "rollbacks",
                column: "PerformedAt");

            migrationBuilder.CreateIndex(
                name: "IX_scores_Wiki_Model_ModelVersion_RevId",
                table: "scores",
                columns: new[] { "Wiki", "Model", "ModelVersion", "RevId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_scores_Wiki_RevId",
                table: "scores",
                columns: new[] { "Wiki", "RevId" });

            migrationBuilder.CreateIndex(
                name: "IX_threads_ArtifactId",
                table: "threads",
                column: "ArtifactId");

            migrationBuilder.CreateIndex(
                name: "IX_threads_LastActivityAt",
                table: "threads",
                column: "LastActivityAt");

            migrationBuilder.CreateIndex(
                name: "IX_users_Provider_Subject",
                table: "users",
                columns: new[] { "Provider", "Subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wiki_diffs_FetchedAt",
                table: "wiki_diffs",
                column: "FetchedAt");

            migrationBuilder.CreateIndex(
                name: "IX_wiki_revisions_FetchedAt",
                table: "wiki_revisions",
                column: "FetchedAt");

            migrationBuilder.CreateIndex(
                name: "IX_worksets_CampaignId_UserId_Status",
                table: "worksets",
                columns: new[] { "CampaignId", "UserId", "Status" });

            // What the model cannot say. Events: while a transaction runs its events have temporary negative ids (the identity
            // counts down); at commit they get positions from event_positions in commit order (PostgresStore.AssignEventPositionsAsync).
            migrationBuilder.Sql("""
                ALTER TABLE events ALTER COLUMN "Seq" SET INCREMENT BY -1 SET MINVALUE -9223372036854775808 SET MAXVALUE -1 SET START WITH -1 RESTART WITH -1;
                CREATE SEQUENCE event_positions AS bigint START WITH 1;
                """);
            // The text index (PostgresTextSearch): a tsvector per text in its wiki's language, with a GIN index.
            migrationBuilder.Sql("""
                CREATE TABLE text_search (
                    text_id bigint PRIMARY KEY REFERENCES texts ("Id") ON DELETE CASCADE,
                    kind text NOT NULL, wiki text NOT NULL, author bigint NOT NULL, at bigint NOT NULL, artifact bigint NOT NULL,
                    body text NOT NULL, config regconfig NOT NULL, document tsvector NOT NULL);
                CREATE INDEX "IX_text_search_document" ON text_search USING GIN (document);
                """);
            // Rate limits every node enforces together (PostgresRateWindowCounter): requests per key and fixed window.
            migrationBuilder.Sql("""
                CREATE TABLE rate_windows (key text NOT NULL, window_number bigint NOT NULL, count bigint NOT NULL, PRIMARY KEY (key, window_number));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS rate_windows; DROP TABLE IF EXISTS text_search; DROP SEQUENCE IF EXISTS event_positions;");

            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "assignments");

            migrationBuilder.DropTable(
                name: "blocks");

            migrationBuilder.DropTable(
                name: "campaign_labels");

            migrationBuilder.DropTable(
                name: "comment_revisions");

            migrationBuilder.DropTable(
                name: "comments");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "endorsements");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "model_reports");

            migrationBuilder.DropTable(
                name: "oversight_requests");

            migrationBuilder.DropTable(
                name: "rollbacks");

            migrationBuilder.DropTable(
                name: "scores");

            migrationBuilder.DropTable(
                name: "texts");

            migrationBuilder.DropTable(
                name: "threads");

            migrationBuilder.DropTable(
                name: "user_groups");

            migrationBuilder.DropTable(
                name: "watch_states");

            migrationBuilder.DropTable(
                name: "watches");

            migrationBuilder.DropTable(
                name: "wiki_diffs");

            migrationBuilder.DropTable(
                name: "wiki_revisions");

            migrationBuilder.DropTable(
                name: "campaign_tasks");

            migrationBuilder.DropTable(
                name: "worksets");

            migrationBuilder.DropTable(
                name: "proposals");

            migrationBuilder.DropTable(
                name: "campaigns");

            migrationBuilder.DropTable(
                name: "artifacts");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
