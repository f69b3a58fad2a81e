using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class HiddenActorIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_events_hidden_actor",
                table: "events",
                columns: new[] { "ArtifactId", "ActorId" },
                filter: "\"ActorVisibility\" <> 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_events_hidden_actor",
                table: "events");
        }
    }
}
