-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "updateCadenceMonths" INTEGER;
