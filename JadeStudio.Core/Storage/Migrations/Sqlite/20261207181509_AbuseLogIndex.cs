using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AbuseLogIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_abuse_filter_hits_FilterId_Id",
                table: "abuse_filter_hits",
                columns: new[] { "FilterId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_abuse_filter_hits_FilterId_Id",
                table: "abuse_filter_hits");
        }
    }
}
