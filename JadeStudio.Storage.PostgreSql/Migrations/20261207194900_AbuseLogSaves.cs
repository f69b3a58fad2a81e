using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AbuseLogSaves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_abuse_filter_hits_UserId",
                table: "abuse_filter_hits");

            migrationBuilder.AddColumn<long>(
                name: "SavedAt",
                table: "abuse_filter_hits",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_abuse_filter_hits_UserId_Id",
                table: "abuse_filter_hits",
                columns: new[] { "UserId", "Id" });

            // Hits before this column: a text saved with its hit was saved at the hit's time; a warned text that was sent again
            // (its copy emptied then) at the time of the hit that saved it.
            migrationBuilder.Sql("""
                UPDATE abuse_filter_hits SET "SavedAt" = "At" WHERE "Outcome" IN ('Tagged', 'Counted', 'WarnedThenSaved');
                UPDATE abuse_filter_hits SET "SavedAt" = (
                    SELECT MIN(s."At") FROM abuse_filter_hits AS s
                    WHERE s."FilterId" = abuse_filter_hits."FilterId" AND s."UserId" = abuse_filter_hits."UserId"
                        AND s."Outcome" = 'WarnedThenSaved' AND s."At" >= abuse_filter_hits."At")
                WHERE "Outcome" = 'Warned' AND "Text" = '';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_abuse_filter_hits_UserId_Id",
                table: "abuse_filter_hits");

            migrationBuilder.DropColumn(
                name: "SavedAt",
                table: "abuse_filter_hits");

            migrationBuilder.CreateIndex(
                name: "IX_abuse_filter_hits_UserId",
                table: "abuse_filter_hits",
                column: "UserId");
        }
    }
}
