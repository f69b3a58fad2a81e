using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HiddenLabelerOnLabelEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Until this version a campaign label's entry named its labeler where their name was hidden on what they did on
            // the artifact (the judgment the label made): it takes the most hidden level of their acts there (LabelEntries).
            migrationBuilder.Sql("""
                UPDATE events SET "ActorVisibility" = h."Visibility"
                FROM (SELECT "ArtifactId", "ActorId", MAX("ActorVisibility") AS "Visibility" FROM events
                      WHERE "ActorVisibility" <> 0 AND "ArtifactId" IS NOT NULL AND "Type" <> 'CampaignLabelSaved'
                      GROUP BY "ArtifactId", "ActorId") AS h
                WHERE events."Type" = 'CampaignLabelSaved' AND events."ArtifactId" = h."ArtifactId"
                    AND events."ActorId" = h."ActorId" AND events."ActorVisibility" < h."Visibility";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The names stay hidden: nothing to undo.
        }
    }
}
