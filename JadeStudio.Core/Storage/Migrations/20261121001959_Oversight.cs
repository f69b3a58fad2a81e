using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations
{
    public partial class Oversight : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Audience",
                table: "events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SubjectVisibility",
                table: "events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "HidesUser",
                table: "blocks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "oversight_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequesterId = table.Column<long>(type: "INTEGER", nullable: false),
                    ArtifactId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReasonTextId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedById = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oversight_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rollbacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    PerformedById = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<long>(type: "INTEGER", nullable: false),
                    To = table.Column<long>(type: "INTEGER", nullable: false),
                    Wiki = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReasonTextId = table.Column<long>(type: "INTEGER", nullable: false),
                    EndorsementsRemoved = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposalsRemoved = table.Column<int>(type: "INTEGER", nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: false),
                    After = table.Column<string>(type: "TEXT", nullable: false),
                    PerformedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UndoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UndoneById = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rollbacks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_events_Audience_Seq",
                table: "events",
                columns: new[] { "Audience", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_oversight_requests_RequesterId",
                table: "oversight_requests",
                column: "RequesterId");

            migrationBuilder.CreateIndex(
                name: "IX_oversight_requests_Status_Id",
                table: "oversight_requests",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_rollbacks_PerformedAt",
                table: "rollbacks",
                column: "PerformedAt");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "oversight_requests");

            migrationBuilder.DropTable(
                name: "rollbacks");

            migrationBuilder.DropIndex(
                name: "IX_events_Audience_Seq",
                table: "events");

            migrationBuilder.DropColumn(
                name: "Audience",
                table: "events");

            migrationBuilder.DropColumn(
                name: "SubjectVisibility",
                table: "events");

            migrationBuilder.DropColumn(
                name: "HidesUser",
                table: "blocks");
        }
    }
}
