using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class TaskLabelCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_campaign_tasks_CampaignId_Position",
                table: "campaign_tasks");

            migrationBuilder.AddColumn<int>(
                name: "LabelCount",
                table: "campaign_tasks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Labels given before the count was kept (before the index exists, so it is built once with their values).
            migrationBuilder.Sql("""
                UPDATE campaign_tasks SET "LabelCount" =
                    (SELECT COUNT(*) FROM assignments a WHERE a."TaskId" = campaign_tasks."Id" AND a."LabeledAt" IS NOT NULL)
                """);

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_CampaignId_Position_LabelCount",
                table: "campaign_tasks",
                columns: new[] { "CampaignId", "Position", "LabelCount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_campaign_tasks_CampaignId_Position_LabelCount",
                table: "campaign_tasks");

            migrationBuilder.DropColumn(
                name: "LabelCount",
                table: "campaign_tasks");

            migrationBuilder.CreateIndex(
                name: "IX_campaign_tasks_CampaignId_Position",
                table: "campaign_tasks",
                columns: new[] { "CampaignId", "Position" });
        }
    }
}
