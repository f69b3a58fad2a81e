using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ArtifactRevisionOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_artifacts_Wiki_Type_RevId",
                table: "artifacts");

            migrationBuilder.CreateIndex(
                name: "IX_artifacts_Wiki_RevId_Type",
                table: "artifacts",
                columns: new[] { "Wiki", "RevId", "Type" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_artifacts_Wiki_RevId_Type",
                table: "artifacts");

            migrationBuilder.CreateIndex(
                name: "IX_artifacts_Wiki_Type_RevId",
                table: "artifacts",
                columns: new[] { "Wiki", "Type", "RevId" },
                unique: true);
        }
    }
}
