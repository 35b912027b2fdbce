-- DropIndex
DROP INDEX "Hypothesis_teamId_importance_idx";

-- AlterTable
ALTER TABLE "Hypothesis" ADD COLUMN     "evidenceStrength" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Hypothesis_teamId_importance_evidenceStrength_idx" ON "Hypothesis"("teamId", "importance" DESC, "evidenceStrength");

-- Backfill from the experiments' maintained strongest evidence.
UPDATE "Hypothesis" h SET "evidenceStrength" = s.strength
FROM (SELECT "hypothesisId", max("maxStrength") AS strength FROM "Experiment" WHERE "deletedAt" IS NULL GROUP BY 1) s
WHERE h.id = s."hypothesisId";
