using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace JadeStudio.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PatrolQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "patrol_edits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Wiki = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RevId = table.Column<long>(type: "bigint", nullable: false),
                    RcId = table.Column<long>(type: "bigint", nullable: false),
                    PageTitle = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    User = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    Comment = table.Column<string>(type: "text", nullable: true),
                    OldSize = table.Column<int>(type: "integer", nullable: false),
                    NewSize = table.Column<int>(type: "integer", nullable: false),
                    NewPage = table.Column<bool>(type: "boolean", nullable: false),
                    EditedAt = table.Column<long>(type: "bigint", nullable: false),
                    Damaging = table.Column<double>(type: "double precision", nullable: true),
                    ClaimedById = table.Column<long>(type: "bigint", nullable: true),
                    ClaimedUntil = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patrol_edits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_patrol_edits_users_ClaimedById",
                        column: x => x.ClaimedById,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "patrol_skips",
                columns: table => new
                {
                    EditId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patrol_skips", x => new { x.EditId, x.UserId });
                    table.ForeignKey(
                        name: "FK_patrol_skips_patrol_edits_EditId",
                        column: x => x.EditId,
                        principalTable: "patrol_edits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_patrol_skips_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_patrol_edits_ClaimedById",
                table: "patrol_edits",
                column: "ClaimedById");

            migrationBuilder.CreateIndex(
                name: "IX_patrol_edits_Wiki_EditedAt",
                table: "patrol_edits",
                columns: new[] { "Wiki", "EditedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_patrol_edits_Wiki_RevId",
                table: "patrol_edits",
                columns: new[] { "Wiki", "RevId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_patrol_skips_UserId",
                table: "patrol_skips",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patrol_skips");

            migrationBuilder.DropTable(
                name: "patrol_edits");
        }
    }
}
