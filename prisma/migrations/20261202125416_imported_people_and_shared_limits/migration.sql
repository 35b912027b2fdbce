-- AlterTable
ALTER TABLE "ActivityEvent" ADD COLUMN     "imported" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "placeholderTeamId" TEXT;

-- CreateTable
CREATE TABLE "ApiRateWindow" (
    "teamId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ApiRateWindow_pkey" PRIMARY KEY ("teamId","tokenId","windowStart")
);

-- CreateIndex
CREATE INDEX "ApiRateWindow_tokenId_idx" ON "ApiRateWindow"("tokenId");

-- CreateIndex
CREATE INDEX "User_placeholderTeamId_idx" ON "User"("placeholderTeamId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_placeholderTeamId_fkey" FOREIGN KEY ("placeholderTeamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiRateWindow" ADD CONSTRAINT "ApiRateWindow_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiRateWindow" ADD CONSTRAINT "ApiRateWindow_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;
