using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations
{
    public partial class JudgmentCore : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Hidden",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "artifacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Wiki = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RevId = table.Column<long>(type: "INTEGER", nullable: false),
                    PageTitle = table.Column<string>(type: "TEXT", nullable: true),
                    Data = table.Column<string>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_artifacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "blocks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sitewide = table.Column<bool>(type: "INTEGER", nullable: false),
                    Wikis = table.Column<string>(type: "TEXT", nullable: false),
                    Artifacts = table.Column<string>(type: "TEXT", nullable: false),
                    Actions = table.Column<string>(type: "TEXT", nullable: false),
                    Expiry = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    BlockedById = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LiftedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LiftedById = table.Column<long>(type: "INTEGER", nullable: true)
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
                name: "events",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<long>(type: "INTEGER", nullable: true),
                    ActorVisibility = table.Column<int>(type: "INTEGER", nullable: false),
                    Wiki = table.Column<string>(type: "TEXT", nullable: true),
                    ArtifactId = table.Column<long>(type: "INTEGER", nullable: true),
                    Facet = table.Column<string>(type: "TEXT", nullable: true),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: true),
                    EndorsementId = table.Column<long>(type: "INTEGER", nullable: true),
                    SubjectUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    LabelData = table.Column<string>(type: "TEXT", nullable: true),
                    PreviousLabelData = table.Column<string>(type: "TEXT", nullable: true),
                    TextId = table.Column<long>(type: "INTEGER", nullable: true),
                    PreviousTextId = table.Column<long>(type: "INTEGER", nullable: true),
                    Data = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "texts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Visibility = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_texts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "proposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArtifactId = table.Column<long>(type: "INTEGER", nullable: false),
                    Facet = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LabelData = table.Column<string>(type: "TEXT", nullable: false),
                    NotesTextId = table.Column<long>(type: "INTEGER", nullable: true),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorVisibility = table.Column<int>(type: "INTEGER", nullable: false),
                    Preferred = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "endorsements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    ArtifactId = table.Column<long>(type: "INTEGER", nullable: false),
                    Facet = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserVisibility = table.Column<int>(type: "INTEGER", nullable: false),
                    CommentTextId = table.Column<long>(type: "INTEGER", nullable: true),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "IX_artifacts_Wiki_Type_RevId",
                table: "artifacts",
                columns: new[] { "Wiki", "Type", "RevId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_blocks_UserId",
                table: "blocks",
                column: "UserId");

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
                name: "IX_events_Wiki_Seq",
                table: "events",
                columns: new[] { "Wiki", "Seq" });

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
                filter: "\"Preferred\" = 1");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blocks");

            migrationBuilder.DropTable(
                name: "endorsements");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "texts");

            migrationBuilder.DropTable(
                name: "proposals");

            migrationBuilder.DropTable(
                name: "artifacts");

            migrationBuilder.DropColumn(
                name: "Hidden",
                table: "users");
        }
    }
}
