using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaskIndexArtifactFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_campaign_tasks_ArtifactId",
                table: "campaign_tasks");

            migrationBuilder.DropIndex(
                name: "IX_campaign_tasks_CampaignId_ArtifactId",
                table: "campaign_tasks");

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_ArtifactId_CampaignId",
                table: "campaign_tasks",
                columns: new[] { "ArtifactId", "CampaignId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_campaign_tasks_ArtifactId_CampaignId",
                table: "campaign_tasks");

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_ArtifactId",
                table: "campaign_tasks",
                column: "ArtifactId");

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_CampaignId_ArtifactId",
                table: "campaign_tasks",
                columns: new[] { "CampaignId", "ArtifactId" },
                unique: true);
        }
    }
}
