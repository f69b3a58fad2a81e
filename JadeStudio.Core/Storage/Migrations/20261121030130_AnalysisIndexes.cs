using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations
{
    public partial class AnalysisIndexes : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_proposals_preferred_answers",
                table: "proposals",
                columns: new[] { "Facet", "ArtifactId", "LabelData" },
                filter: "\"Preferred\" = 1");

            // Binary models' scores with the probability of their positive class ("true"), so the analysis
            // reads a model version's million scores from the index without parsing their JSON. SQLite uses it
            // only for this exact expression (AnalysisService.ScoresSql); EF Core cannot model it.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_scores_true_probability" ON "scores" ("Wiki", "Model", "ModelVersion", "RevId", json_extract("Probabilities", '$."true"'))
                WHERE "ErrorType" IS NULL;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_scores_true_probability";""");

            migrationBuilder.DropIndex(
                name: "IX_proposals_preferred_answers",
                table: "proposals");
        }
    }
}
