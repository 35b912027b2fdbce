-- AlterTable
ALTER TABLE "ActivityEvent" ADD COLUMN     "imported" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "placeholderTeamId" TEXT;

-- CreateIndex
CREATE INDEX "User_placeholderTeamId_idx" ON "User"("placeholderTeamId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_placeholderTeamId_fkey" FOREIGN KEY ("placeholderTeamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
