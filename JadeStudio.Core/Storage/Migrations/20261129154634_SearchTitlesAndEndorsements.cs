using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations
{
    /// <summary>Search now covers thread titles and endorsement comments: index those written before.</summary>
    public partial class SearchTitlesAndEndorsements : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                INSERT INTO text_search (rowid, body, kind, wiki, author, at, artifact)
                SELECT x.Id, x.Content, 'ThreadTitle', a.Wiki, t.AuthorId, t.CreatedAt, a.Id
                FROM threads t JOIN texts x ON x.Id = t.TitleTextId JOIN artifacts a ON a.Id = t.ArtifactId
                WHERE x.Id NOT IN (SELECT rowid FROM text_search)
                """);
            migrationBuilder.Sql("""
                INSERT INTO text_search (rowid, body, kind, wiki, author, at, artifact)
                SELECT x.Id, x.Content, 'EndorsementComment', a.Wiki, e.UserId, e.UpdatedAt, a.Id
                FROM endorsements e JOIN texts x ON x.Id = e.CommentTextId JOIN artifacts a ON a.Id = e.ArtifactId
                WHERE x.Id NOT IN (SELECT rowid FROM text_search)
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM text_search WHERE kind IN ('ThreadTitle', 'EndorsementComment')");
        }
    }
}
