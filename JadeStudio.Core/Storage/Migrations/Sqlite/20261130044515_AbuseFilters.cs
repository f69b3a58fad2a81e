using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AbuseFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "events",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "abuse_filters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Pattern = table.Column<string>(type: "TEXT", nullable: true),
                    Words = table.Column<string>(type: "TEXT", nullable: true),
                    MaxAccountAgeDays = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxJudgments = table.Column<int>(type: "INTEGER", nullable: true),
                    ExemptRight = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Wikis = table.Column<string>(type: "TEXT", nullable: false),
                    TextActions = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ThrottleCount = table.Column<int>(type: "INTEGER", nullable: true),
                    ThrottleSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    BlockHours = table.Column<int>(type: "INTEGER", nullable: true),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Private = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedById = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_abuse_filters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_abuse_filters_users_UpdatedById",
                        column: x => x.UpdatedById,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "abuse_filter_hits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FilterId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    TextAction = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Wiki = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Artifact = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_abuse_filter_hits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_abuse_filter_hits_abuse_filters_FilterId",
                        column: x => x.FilterId,
                        principalTable: "abuse_filters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_abuse_filter_hits_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_abuse_filter_hits_FilterId_UserId_At",
                table: "abuse_filter_hits",
                columns: new[] { "FilterId", "UserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_abuse_filter_hits_UserId",
                table: "abuse_filter_hits",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_abuse_filters_UpdatedById",
                table: "abuse_filters",
                column: "UpdatedById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "abuse_filter_hits");

            migrationBuilder.DropTable(
                name: "abuse_filters");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "events");
        }
    }
}
