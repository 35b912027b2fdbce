-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "reviewTime" TEXT;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "reviewTimeZone" TEXT;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "reviewWeekday" INTEGER;
