using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JadeStudio.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HiddenNamesOnLaterEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Until this version an event a user made about an item after its user name was hidden (an edit, a move, a
            // withdrawal) named them. The item's first event carries that name's visibility (hiding sets it there): every
            // event about the same item naming the same user takes it. Read through the artifacts' indexes (hidden
            // performers, then each artifact's events): no index leads with a proposal or an endorsement.
            migrationBuilder.Sql("""
                UPDATE events SET "ActorVisibility" = h."Visibility"
                FROM (SELECT "ArtifactId", "ProposalId", "ActorId", "ActorVisibility" AS "Visibility" FROM events
                      WHERE "Type" = 'ProposalCreated' AND "ActorVisibility" <> 0) AS h
                WHERE events."ArtifactId" = h."ArtifactId" AND events."ProposalId" = h."ProposalId"
                    AND events."ActorId" = h."ActorId" AND events."ActorVisibility" < h."Visibility";
                UPDATE events SET "SubjectVisibility" = h."Visibility"
                FROM (SELECT "ArtifactId", "ProposalId", "ActorId", "ActorVisibility" AS "Visibility" FROM events
                      WHERE "Type" = 'ProposalCreated' AND "ActorVisibility" <> 0) AS h
                WHERE events."ArtifactId" = h."ArtifactId" AND events."ProposalId" = h."ProposalId"
                    AND events."SubjectUserId" = h."ActorId" AND events."SubjectVisibility" < h."Visibility";
                UPDATE events SET "ActorVisibility" = h."Visibility"
                FROM (SELECT "ArtifactId", "EndorsementId", "ActorId", "ActorVisibility" AS "Visibility" FROM events
                      WHERE "Type" = 'EndorsementCreated' AND "ActorVisibility" <> 0) AS h
                WHERE events."ArtifactId" = h."ArtifactId" AND events."EndorsementId" = h."EndorsementId"
                    AND events."ActorId" = h."ActorId" AND events."ActorVisibility" < h."Visibility";
                UPDATE events SET "SubjectVisibility" = h."Visibility"
                FROM (SELECT "ArtifactId", "EndorsementId", "ActorId", "ActorVisibility" AS "Visibility" FROM events
                      WHERE "Type" = 'EndorsementCreated' AND "ActorVisibility" <> 0) AS h
                WHERE events."ArtifactId" = h."ArtifactId" AND events."EndorsementId" = h."EndorsementId"
                    AND events."SubjectUserId" = h."ActorId" AND events."SubjectVisibility" < h."Visibility";
                UPDATE events SET "ActorVisibility" = h."Visibility"
                FROM (SELECT "ArtifactId", json_extract("Data", '$.commentId') AS "CommentId", "ActorId", "ActorVisibility" AS "Visibility" FROM events
                      WHERE "Type" IN ('ThreadStarted', 'CommentPosted') AND "ActorVisibility" <> 0) AS h
                WHERE events."Type" = 'CommentEdited' AND events."ArtifactId" = h."ArtifactId"
                    AND json_extract(events."Data", '$.commentId') = h."CommentId"
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
