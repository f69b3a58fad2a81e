using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ProposalCount",
                table: "artifacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Artifacts judged before the column existed: counted once here, before their index is made.
            migrationBuilder.Sql("""
                UPDATE artifacts SET "ProposalCount" = (SELECT COUNT(*) FROM proposals WHERE proposals."ArtifactId" = artifacts."Id")
                WHERE EXISTS (SELECT 1 FROM proposals WHERE proposals."ArtifactId" = artifacts."Id")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_proposals_disputed",
                table: "proposals",
                column: "ArtifactId",
                filter: "NOT \"Preferred\"");

            migrationBuilder.CreateIndex(
                name: "IX_artifacts_judged",
                table: "artifacts",
                columns: new[] { "Wiki", "ProposalCount", "RevId", "Type" },
                descending: new[] { false, true, true, true },
                filter: "\"ProposalCount\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_artifacts_titled",
                table: "artifacts",
                columns: new[] { "Wiki", "PageTitle", "RevId", "Type" },
                descending: new[] { false, false, true, true },
                filter: "\"PageTitle\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_proposals_disputed",
                table: "proposals");

            migrationBuilder.DropIndex(
                name: "IX_artifacts_judged",
                table: "artifacts");

            migrationBuilder.DropIndex(
                name: "IX_artifacts_titled",
                table: "artifacts");

            migrationBuilder.DropColumn(
                name: "ProposalCount",
                table: "artifacts");
        }
    }
}
