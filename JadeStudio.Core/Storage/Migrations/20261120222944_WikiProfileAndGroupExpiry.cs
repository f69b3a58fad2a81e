using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations
{
    public partial class WikiProfileAndGroupExpiry : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "WikiBlocked",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "WikiEditCount",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WikiRegisteredAt",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WikiRightNames",
                table: "users",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "WikiRights",
                table: "users",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "Expiry",
                table: "user_groups",
                type: "INTEGER",
                nullable: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WikiBlocked",
                table: "users");

            migrationBuilder.DropColumn(
                name: "WikiEditCount",
                table: "users");

            migrationBuilder.DropColumn(
                name: "WikiRegisteredAt",
                table: "users");

            migrationBuilder.DropColumn(
                name: "WikiRightNames",
                table: "users");

            migrationBuilder.DropColumn(
                name: "WikiRights",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Expiry",
                table: "user_groups");
        }
    }
}
