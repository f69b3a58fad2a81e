using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations
{
    public partial class Discussions : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "comment_revisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommentId = table.Column<long>(type: "INTEGER", nullable: false),
                    TextId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReplacedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_comment_revisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ThreadId = table.Column<long>(type: "INTEGER", nullable: false),
                    ParentId = table.Column<long>(type: "INTEGER", nullable: true),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorVisibility = table.Column<int>(type: "INTEGER", nullable: false),
                    TextId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EditedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_comments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "threads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArtifactId = table.Column<long>(type: "INTEGER", nullable: false),
                    TitleTextId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorVisibility = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastActivityAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedById = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_threads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "watch_states",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WatchOwnActivity = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastReadSeq = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_watch_states", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "watches",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    ArtifactId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_watches", x => new { x.UserId, x.ArtifactId });
                });

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
                name: "IX_threads_ArtifactId",
                table: "threads",
                column: "ArtifactId");

            migrationBuilder.CreateIndex(
                name: "IX_threads_LastActivityAt",
                table: "threads",
                column: "LastActivityAt");
            // Full-text search over comments and proposal notes (EF Core does not model FTS5 tables).
            migrationBuilder.Sql(JadeStudio.Core.Discussions.SearchIndex.CreateTable);
            migrationBuilder.Sql("INSERT INTO text_search (rowid, body, kind, wiki, author, at, artifact) SELECT t.Id, t.Content, 'Notes', a.Wiki, p.AuthorId, p.CreatedAt, a.Id FROM proposals p JOIN texts t ON t.Id = p.NotesTextId JOIN artifacts a ON a.Id = p.ArtifactId");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS text_search");
            migrationBuilder.DropTable(
                name: "comment_revisions");

            migrationBuilder.DropTable(
                name: "comments");

            migrationBuilder.DropTable(
                name: "threads");

            migrationBuilder.DropTable(
                name: "watch_states");

            migrationBuilder.DropTable(
                name: "watches");
        }
    }
}
