using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TextHolderIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_threads_TitleTextId",
                table: "threads",
                column: "TitleTextId");

            migrationBuilder.CreateIndex(
                name: "IX_proposals_NotesTextId",
                table: "proposals",
                column: "NotesTextId",
                filter: "\"NotesTextId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_events_TextId",
                table: "events",
                column: "TextId",
                filter: "\"TextId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_endorsements_CommentTextId",
                table: "endorsements",
                column: "CommentTextId",
                filter: "\"CommentTextId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_comments_TextId",
                table: "comments",
                column: "TextId");

            migrationBuilder.CreateIndex(
                name: "IX_comment_revisions_TextId",
                table: "comment_revisions",
                column: "TextId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_threads_TitleTextId",
                table: "threads");

            migrationBuilder.DropIndex(
                name: "IX_proposals_NotesTextId",
                table: "proposals");

            migrationBuilder.DropIndex(
                name: "IX_events_TextId",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_endorsements_CommentTextId",
                table: "endorsements");

            migrationBuilder.DropIndex(
                name: "IX_comments_TextId",
                table: "comments");

            migrationBuilder.DropIndex(
                name: "IX_comment_revisions_TextId",
                table: "comment_revisions");
        }
    }
}
