using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaskComplete : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_campaign_tasks_CampaignId_Position",
                table: "campaign_tasks");

            migrationBuilder.AddColumn<bool>(
                name: "Complete",
                table: "campaign_tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Tasks already labeled in full (before the index exists, so it is built once with their values).
            migrationBuilder.Sql("""
                UPDATE campaign_tasks SET "Complete" =
                    ((SELECT COUNT(*) FROM assignments a WHERE a."TaskId" = campaign_tasks."Id" AND a."LabeledAt" IS NOT NULL)
                        >= (SELECT c."LabelsPerTask" FROM campaigns c WHERE c."Id" = campaign_tasks."CampaignId"))
                """);

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_CampaignId_Position_Complete",
                table: "campaign_tasks",
                columns: new[] { "CampaignId", "Position", "Complete" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_campaign_tasks_CampaignId_Position_Complete",
                table: "campaign_tasks");

            migrationBuilder.DropColumn(
                name: "Complete",
                table: "campaign_tasks");

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_CampaignId_Position",
                table: "campaign_tasks",
                columns: new[] { "CampaignId", "Position" });
        }
    }
}
