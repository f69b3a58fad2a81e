using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WikiContentCache : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "wiki_diffs",
                columns: table => new
                {
                    Wiki = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RevId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromRevId = table.Column<long>(type: "INTEGER", nullable: true),
                    SizeChange = table.Column<long>(type: "INTEGER", nullable: false),
                    Html = table.Column<string>(type: "TEXT", nullable: false),
                    FetchedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wiki_diffs", x => new { x.Wiki, x.RevId });
                });

            migrationBuilder.CreateTable(
                name: "wiki_revisions",
                columns: table => new
                {
                    Wiki = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RevId = table.Column<long>(type: "INTEGER", nullable: false),
                    ParentId = table.Column<long>(type: "INTEGER", nullable: false),
                    PageId = table.Column<long>(type: "INTEGER", nullable: false),
                    Namespace = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    User = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<long>(type: "INTEGER", nullable: true),
                    Anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    ParentSize = table.Column<long>(type: "INTEGER", nullable: true),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    Minor = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserHidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    CommentHidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    TextHidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    Suppressed = table.Column<bool>(type: "INTEGER", nullable: false),
                    FetchedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wiki_revisions", x => new { x.Wiki, x.RevId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_wiki_diffs_FetchedAt",
                table: "wiki_diffs",
                column: "FetchedAt");

            migrationBuilder.CreateIndex(
                name: "IX_wiki_revisions_FetchedAt",
                table: "wiki_revisions",
                column: "FetchedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "wiki_diffs");

            migrationBuilder.DropTable(
                name: "wiki_revisions");
        }
    }
}
