-- CreateEnum
CREATE TYPE "AskStatus" AS ENUM ('OPEN', 'DONE', 'DROPPED');

-- CreateTable
CREATE TABLE "UpdateAsk" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "status" "AskStatus" NOT NULL DEFAULT 'OPEN',
    "helpedBy" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UpdateAsk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UpdateAsk_teamId_idx" ON "UpdateAsk"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "UpdateAsk_updateId_position_key" ON "UpdateAsk"("updateId", "position");

-- AddForeignKey
ALTER TABLE "UpdateAsk" ADD CONSTRAINT "UpdateAsk_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateAsk" ADD CONSTRAINT "UpdateAsk_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "InvestorUpdate"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- AlterTable
ALTER TABLE "UpdateDelivery" ADD COLUMN     "revokedAt" TIMESTAMP(3);
