-- CreateEnum
CREATE TYPE "InvestorGroup" AS ENUM ('CURRENT', 'PROSPECT', 'ADVISOR');

-- AlterTable
ALTER TABLE "InvestorUpdate" ADD COLUMN     "investorsOnly" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Investor" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "group" "InvestorGroup" NOT NULL,
    "unsubscribedAt" TIMESTAMP(3),
    "removedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Investor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpdateDelivery" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "investorId" TEXT NOT NULL,
    "group" "InvestorGroup" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "sentById" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstViewedAt" TIMESTAMP(3),
    "lastViewedAt" TIMESTAMP(3),
    "views" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UpdateDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Investor_teamId_email_key" ON "Investor"("teamId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "UpdateDelivery_tokenHash_key" ON "UpdateDelivery"("tokenHash");

-- CreateIndex
CREATE INDEX "UpdateDelivery_investorId_sentAt_idx" ON "UpdateDelivery"("investorId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "UpdateDelivery_updateId_investorId_key" ON "UpdateDelivery"("updateId", "investorId");

-- AddForeignKey
ALTER TABLE "Investor" ADD CONSTRAINT "Investor_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Investor" ADD CONSTRAINT "Investor_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateDelivery" ADD CONSTRAINT "UpdateDelivery_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateDelivery" ADD CONSTRAINT "UpdateDelivery_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "InvestorUpdate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateDelivery" ADD CONSTRAINT "UpdateDelivery_investorId_fkey" FOREIGN KEY ("investorId") REFERENCES "Investor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateDelivery" ADD CONSTRAINT "UpdateDelivery_sentById_fkey" FOREIGN KEY ("sentById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

